import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DataSource, QueryRunner } from 'typeorm';

export const CHUNK_BYTES = 1024 * 1024;

export interface StoredContent {
  sha256: string;
  size: number;
}

/**
 * Where evidence bytes live, by SHA-256. PostgreSQL by default (so a database backup carries the
 * evidence); the interface leaves room for an object store.
 */
export interface FileStore {
  /** Streams a file in, inside the caller's transaction; the same content is kept once. */
  put(runner: QueryRunner, path: string): Promise<StoredContent>;
  open(sha256: string): Readable;
}

/** Content-addressed 1 MB chunks in `file_chunks`, read and written one chunk at a time. */
@Injectable()
export class PostgresFileStore implements FileStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(runner: QueryRunner, path: string): Promise<StoredContent> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const sha256 = hash.digest('hex');
    // The row first (chunks reference it); a second upload of the same bytes stores nothing more.
    const inserted: unknown[] = await runner.query(
      `INSERT INTO file_contents (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [sha256, size],
    );
    if (!inserted.length) return { sha256, size };
    let seq = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      await runner.query(`INSERT INTO file_chunks (sha256, seq, data) VALUES ($1, $2, $3)`, [sha256, seq++, chunk as Buffer]);
    }
    return { sha256, size };
  }

  open(sha256: string): Readable {
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const [row]: { data: Buffer }[] = await dataSource.query(`SELECT data FROM file_chunks WHERE sha256 = $1 AND seq = $2`, [sha256, seq]);
          if (!row) return;
          yield row.data;
        }
      })(),
    );
  }
}
