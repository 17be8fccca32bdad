import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '@app/config';
import type { NoteSigner } from '../domain/signed-note';
import { DEFAULT_TRAIL_PROFILE, type TrailProfile, useTrailProfile } from '../domain/trail-profile';
import { AuditProfileRepository } from '../persistence/audit-profile.repository';
import { AUDIT_SIGNER } from './audit-signer';

/**
 * At start-up, the database's profile (chosen by the first process to start on it, from
 * AUDIT_HASH / AUDIT_SIGNATURE) becomes this process's; a configuration that asks for another
 * one, or a signing key of the other algorithm, stops the start with the reason.
 */
@Injectable()
export class TrailProfileService implements OnModuleInit {
  private profile: TrailProfile = DEFAULT_TRAIL_PROFILE;

  constructor(
    private readonly profiles: AuditProfileRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUDIT_SIGNER) private readonly signer: NoteSigner | null,
  ) {}

  get current(): TrailProfile {
    return this.profile;
  }

  async onModuleInit(): Promise<void> {
    const asked = this.config.audit;
    const wanted: TrailProfile = {
      hash: asked.hash ?? DEFAULT_TRAIL_PROFILE.hash,
      signature: asked.signature ?? this.signer?.algorithm ?? DEFAULT_TRAIL_PROFILE.signature,
    };
    if (this.signer && this.signer.algorithm !== wanted.signature) {
      throw new ConfigError(`Invalid configuration: AUDIT_SIGNING_KEY is an ${this.signer.algorithm} key, but AUDIT_SIGNATURE=${wanted.signature}`);
    }
    let stored = await this.profiles.read();
    if (!stored) {
      // A trail that already holds events (written before profiles existed) was hashed with SHA-256.
      stored = await this.profiles.choose((await this.profiles.trailHasEvents()) ? DEFAULT_TRAIL_PROFILE : wanted);
    }
    if ((asked.hash && asked.hash !== stored.hash) || (asked.signature && asked.signature !== stored.signature)) {
      throw new ConfigError(
        `Invalid configuration: AUDIT_HASH=${asked.hash ?? '(unset)'} AUDIT_SIGNATURE=${asked.signature ?? '(unset)'}: this database's audit trail uses ` +
          `${stored.hash}/${stored.signature}, fixed when its first event was written; unset them, or start on a new database`,
      );
    }
    if (this.signer && this.signer.algorithm !== stored.signature) {
      throw new ConfigError(`Invalid configuration: AUDIT_SIGNING_KEY is an ${this.signer.algorithm} key, but this database's checkpoints are signed with ${stored.signature}`);
    }
    this.profile = stored;
    useTrailProfile(stored);
  }
}
