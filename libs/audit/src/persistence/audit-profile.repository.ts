import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrailProfile } from '../domain/trail-profile';

/** audit_profile: the one row naming the trail's algorithms, written once. */
@Injectable()
export class AuditProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<TrailProfile | null> {
    const [row] = await this.dataSource.query(`SELECT hash_algorithm AS hash, signature_algorithm AS signature FROM audit_profile`);
    return row ?? null;
  }

  async trailHasEvents(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM case_events) OR EXISTS (SELECT 1 FROM admin_events) AS any`);
    return row.any;
  }

  /** Chooses the profile unless one was chosen already (by another process, or before); returns the one that holds. */
  async choose(profile: TrailProfile): Promise<TrailProfile> {
    await this.dataSource.query(`INSERT INTO audit_profile (hash_algorithm, signature_algorithm) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [profile.hash, profile.signature]);
    return (await this.read())!;
  }
}
