import { envSchema } from './config.schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type DatabaseMode = 'server' | 'embedded';

/** The validated configuration, grouped by concern. */
export interface AppConfig {
  http: { port: number; host: string; workers: number };
  database: {
    mode: DatabaseMode;
    /** The app role: the API and workers. */
    url?: string;
    /** The tables' owner, which runs migrations (server mode). */
    ownerUrl?: string;
    poolSize: number;
    dataDir: string;
    embeddedPort: number;
  };
  auth: {
    jwtSecret?: string;
    jwtPublicKey?: string;
    /** `iss` and `aud` that tokens of the external identity provider (JWT_PUBLIC_KEY) must carry. */
    jwtIssuer?: string;
    jwtAudience?: string;
    expiresIn: string;
    loginMaxFailures: number;
    loginLockSeconds: number;
  };
  log: { level: string };
  seed: { demo?: boolean; demoPassword: string };
  sweeper: { enabled: boolean; intervalMs: number; batchSize: number; maxAttempts: number; retryBaseMs: number };
  outbox: { webhookUrl?: string };
  web: { dir?: string };
  audit: {
    /** Ed25519 private key (PEM, or the path of a PEM file) that signs checkpoints; unset = none are written. */
    signingKey?: string;
    /** The checkpoints' origin line: names this county's log. */
    logOrigin: string;
    checkpointMinutes: number;
    /** How often the worker checks what was signed since its last run (a full check at start and daily). */
    verifyMinutes: number;
    /** Days after closure a hotline caller's name and phone are kept; unset = until erased by hand. */
    callerRetentionDays?: number;
    /** The 国密 profile (sm3 / sm2) for a new database; a database keeps the profile it was created with. */
    hash?: 'sha256' | 'sm3';
    signature?: 'ed25519' | 'sm2';
  };
}

type EnvSource = Record<string, string | undefined>;

function describeIssue(path: PropertyKey[], message: string, env: EnvSource): string {
  const name = String(path[0]);
  const got = env[name];
  const shown = got === undefined ? '' : ` (got "${name.includes('SECRET') || name.includes('PASSWORD') ? '***' : got}")`;
  return `${name}: ${message}${shown}`;
}

/**
 * Parses the environment; throws a ConfigError whose message is one line naming the variable.
 * Processes that issue no tokens (the worker) pass `requireJwtSecret: false`.
 */
export function parseConfig(env: EnvSource, options: { requireJwtSecret?: boolean } = {}): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issues = result.error.issues.map((i) => describeIssue(i.path, i.message, env));
    throw new ConfigError(`Invalid configuration: ${issues.join('; ')}`);
  }
  const e = result.data;
  const mode: DatabaseMode = e.DATABASE_URL ? 'server' : 'embedded';
  if ((options.requireJwtSecret ?? true) && mode === 'server' && !e.JWT_SECRET && !e.JWT_PUBLIC_KEY) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET: required when DATABASE_URL is set (at least 32 characters)',
    );
  }
  if (e.DATABASE_OWNER_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_OWNER_URL: only with DATABASE_URL (the embedded database makes its own roles)');
  }
  if (e.JWT_PUBLIC_KEY && (!e.JWT_ISSUER || !e.JWT_AUDIENCE)) {
    const missing = !e.JWT_ISSUER ? 'JWT_ISSUER' : 'JWT_AUDIENCE';
    throw new ConfigError(
      `Invalid configuration: ${missing}: required with JWT_PUBLIC_KEY (the iss and aud the identity provider puts in its tokens)`,
    );
  }
  return {
    http: { port: e.PORT, host: e.HOST, workers: e.API_WORKERS },
    database: {
      mode,
      url: e.DATABASE_URL,
      ownerUrl: e.DATABASE_OWNER_URL,
      poolSize: e.DB_POOL_SIZE,
      dataDir: e.DATA_DIR,
      embeddedPort: e.EMBEDDED_PG_PORT,
    },
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtPublicKey: e.JWT_PUBLIC_KEY?.replace(/\\n/g, '\n'),
      jwtIssuer: e.JWT_ISSUER,
      jwtAudience: e.JWT_AUDIENCE,
      expiresIn: e.JWT_EXPIRES_IN,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockSeconds: e.LOGIN_LOCK_SECONDS,
    },
    log: { level: e.LOG_LEVEL },
    seed: { demo: e.SEED_DEMO, demoPassword: e.DEMO_PASSWORD },
    sweeper: {
      enabled: e.SWEEPER === 'on',
      intervalMs: e.SWEEP_INTERVAL_MS,
      batchSize: e.SWEEP_BATCH_SIZE,
      maxAttempts: e.TIMER_MAX_ATTEMPTS,
      retryBaseMs: e.TIMER_RETRY_BASE_MS,
    },
    outbox: { webhookUrl: e.WEBHOOK_URL },
    web: { dir: e.WEB_DIR },
    audit: { signingKey: e.AUDIT_SIGNING_KEY?.replace(/\\n/g, '\n'), logOrigin: e.AUDIT_LOG_ORIGIN, checkpointMinutes: e.AUDIT_CHECKPOINT_MINUTES, verifyMinutes: e.AUDIT_VERIFY_MINUTES, callerRetentionDays: e.CALLER_DATA_RETENTION_DAYS, hash: e.AUDIT_HASH, signature: e.AUDIT_SIGNATURE },
  };
}

/** The process configuration, read from process.env (once, by each process's main). */
export function loadConfig(options: { requireJwtSecret?: boolean } = {}): AppConfig {
  return parseConfig(process.env, options);
}

/** Just the database settings, for tools (the migration CLI) that need no secrets. */
export function loadDatabaseConfig(): AppConfig['database'] {
  return parseConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(32) }).database;
}
