import path from 'node:path';
import { AppConfig } from '@app/config';
import { EmbeddedDatabase, readOrCreateSecret, runMigrations } from '@app/database';
import { migrations } from '../../../migrations';

export interface DatabaseRuntime {
  url: string;
  embedded?: EmbeddedDatabase;
  /** The embedded cluster was created by this start (first run). */
  created: boolean;
  migrationsApplied: string[];
}

/** Starts the embedded server when no DATABASE_URL is given, then applies pending migrations. */
export async function prepareDatabase(config: AppConfig, onLog?: (line: string) => void): Promise<DatabaseRuntime> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = new EmbeddedDatabase({ dataDir: config.database.dataDir, preferredPort: config.database.embeddedPort, onLog });
    url = await embedded.start();
  }
  try {
    const migrationsApplied = await runMigrations(url, migrations);
    return { url, embedded, created: embedded?.created ?? false, migrationsApplied };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** JWT_SECRET, or in embedded mode a secret generated once and kept beside the data. */
export function resolveJwtSecret(config: AppConfig): string | undefined {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  if (config.database.mode === 'embedded') {
    return readOrCreateSecret(path.join(path.resolve(config.database.dataDir), '.jwt-secret'), 48);
  }
  return undefined;
}
