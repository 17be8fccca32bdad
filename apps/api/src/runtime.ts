import path from 'node:path';
import { createSigningKeyFile } from '@app/audit';
import { AppConfig } from '@app/config';
import { EmbeddedDatabase, prepareSchema, provisionEmbeddedRoles, readOrCreateSecret } from '@app/database';
import { migrations } from '../../../migrations';

export interface DatabaseRuntime {
  /** The app role's URL: what the API processes connect with. */
  url: string;
  embedded?: EmbeddedDatabase;
  /** The embedded cluster was created by this start (first run). */
  created: boolean;
  migrationsApplied: string[];
  warnings: string[];
}

/**
 * Starts the embedded server when no DATABASE_URL is given (with its owner and app roles), then
 * migrates as the owner and grants the app role its rights.
 */
export async function prepareDatabase(config: AppConfig, onLog?: (line: string) => void): Promise<DatabaseRuntime> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.database.url;
  let ownerUrl = config.database.ownerUrl;
  try {
    if (!url) {
      embedded = new EmbeddedDatabase({ dataDir: config.database.dataDir, preferredPort: config.database.embeddedPort, onLog });
      const roles = await provisionEmbeddedRoles(await embedded.start(), config.database.dataDir);
      url = roles.appUrl;
      ownerUrl = roles.ownerUrl;
    }
    const { migrationsApplied, warnings } = await prepareSchema({ appUrl: url, ownerUrl, migrations });
    return { url, embedded, created: embedded?.created ?? false, migrationsApplied, warnings };
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

/**
 * AUDIT_SIGNING_KEY, or in embedded mode a key file generated once beside the data; the
 * database never holds the private key.
 */
export function resolveAuditSigningKey(config: AppConfig): string | undefined {
  if (config.audit.signingKey) return config.audit.signingKey;
  if (config.database.mode !== 'embedded') return undefined;
  const file = path.join(path.resolve(config.database.dataDir), 'audit-signing-key.pem');
  createSigningKeyFile(file, config.audit.signature ?? 'ed25519');
  return file;
}
