import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected an integer between ${min} and ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `expected an integer between ${min} and ${max}` });

const duration = z
  .string()
  .regex(/^\d+(s|m|h|d)$/, { message: 'expected a duration such as 30m, 8h or 1d' });

/** Every environment variable Rectify reads, with its default. Nothing else reads process.env. */
export const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  API_WORKERS: int(1, 64).default(1),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { message: 'expected a postgres:// connection URL' })
    .optional(),
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { message: 'expected a postgres:// connection URL' })
    .optional(),
  DB_POOL_SIZE: int(1, 200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: int(1, 65535).default(54329),
  JWT_SECRET: z.string().min(32, { message: 'expected at least 32 characters' }).optional(),
  JWT_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'expected a PEM-encoded RSA public key' })
    .optional(),
  JWT_ISSUER: z.string().min(1).max(500).optional(),
  JWT_AUDIENCE: z.string().min(1).max(500).optional(),
  JWT_EXPIRES_IN: duration.default('8h'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: bool.optional(),
  DEMO_PASSWORD: z.string().min(8, { message: 'expected at least 8 characters' }).default('rectify-demo'),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  LOGIN_LOCK_SECONDS: int(1, 86400).default(300),
  SWEEPER: z.enum(['on', 'off']).default('on'),
  SWEEP_INTERVAL_MS: int(50, 3_600_000).default(1000),
  SWEEP_BATCH_SIZE: int(1, 5000).default(200),
  TIMER_MAX_ATTEMPTS: int(1, 100).default(5),
  TIMER_RETRY_BASE_MS: int(10, 3_600_000).default(1000),
  WEBHOOK_URL: z.url({ message: 'expected an http(s) URL' }).optional(),
  WEB_DIR: z.string().min(1).optional(),
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_LOG_ORIGIN: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.\-/]{0,199}$/, { message: 'expected a name such as rectify.example-county.gov.cn/audit (letters, digits, . - /)' })
    .default('rectify.local/audit'),
  AUDIT_CHECKPOINT_MINUTES: int(1, 1440).default(10),
  AUDIT_VERIFY_MINUTES: int(1, 1440).default(5),
  CALLER_DATA_RETENTION_DAYS: int(1, 36_500).optional(),
  AUDIT_HASH: z.enum(['sha256', 'sm3'], { message: 'expected sha256 or sm3' }).optional(),
  AUDIT_SIGNATURE: z.enum(['ed25519', 'sm2'], { message: 'expected ed25519 or sm2' }).optional(),
});

export type Env = z.infer<typeof envSchema>;
