import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AdminTrailModule, AuditVerifyService, describeFindings, type NoteKey, parseVerifierKey, publicKeyFromPem, type TrailReport } from '@app/audit';
import { CasesModule } from '@app/cases';
import { ConfigError, ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule, dataSourceOptions, EmbeddedDatabase, provisionEmbeddedRoles } from '@app/database';
import { IDENTITY_ENTITIES, IdentityModule } from '@app/identity';
import { WorkflowModule } from '@app/workflow';

const USAGE = `Usage: npm run audit:verify [-- --json] [-- --trusted-key <verifier key | public key .pem> ...]
Verifies the whole audit trail in the database (DATABASE_URL, or the embedded one in DATA_DIR):
every case chain against its case row, the admin chain, and the global log against every signed
checkpoint. With --trusted-key, only checkpoints signed by those keys count (the copies kept
outside Rectify). Exit code 0: intact; 1: something was found; 2: could not run.`;

function parseArgs(argv: string[], origin: string): { json: boolean; trustedKeys?: NoteKey[] } {
  const trustedKeys: NoteKey[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--trusted-key' && argv[i + 1]) {
      const value = argv[++i];
      if (value.includes('+')) trustedKeys.push(parseVerifierKey(value));
      else {
        const publicKey = publicKeyFromPem(readFileSync(value, 'utf8'));
        trustedKeys.push({ name: origin, algorithm: publicKey.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'sm2', publicKey });
      }
    } else throw new ConfigError(`${USAGE}\n\nunknown argument: ${arg}`);
  }
  return { json, trustedKeys: trustedKeys.length ? trustedKeys : undefined };
}

function summary(r: TrailReport, extra: string[]): string[] {
  const totals = `${r.cases} cases, ${r.checked} case events, ${r.admin.events} admin events, log of ${r.log.size} entries, ${r.log.checkpoints} checkpoints`;
  return [totals, ...describeFindings(r), ...extra, r.valid && !extra.length ? 'INTACT' : 'TAMPERING FOUND'];
}

/**
 * Against keys kept elsewhere, an empty or wholly rejected set of checkpoints proves nothing: someone
 * who can rewrite the tables can also delete every checkpoint. At least one must verify.
 */
function trustFindings(r: TrailReport, trusted: boolean): string[] {
  if (!trusted) return [];
  const rejected = r.checkpointMismatch.filter((m) => m.reason !== 'root').length;
  return r.log.checkpoints - rejected > 0 ? [] : ['no checkpoint is signed by a trusted key: nothing here is vouched for'];
}

async function main(): Promise<number> {
  const config = loadConfig({ requireJwtSecret: false });
  const options = parseArgs(process.argv.slice(2), config.audit.logOrigin);
  let embedded: EmbeddedDatabase | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = new EmbeddedDatabase({ dataDir: config.database.dataDir, preferredPort: config.database.embeddedPort });
    url = (await provisionEmbeddedRoles(await embedded.start(), config.database.dataDir)).appUrl;
  }
  try {
    const app = await NestFactory.createApplicationContext(
      {
        module: class AuditVerifyModule {},
        imports: [
          ConfigModule.forRoot(config),
          DatabaseModule.forRoot(dataSourceOptions({ url, poolSize: 2, applicationName: 'rectify-audit-verify', entities: IDENTITY_ENTITIES })),
          WorkflowModule,
          AdminTrailModule,
          IdentityModule.forRoot({ jwtSecret: 'v'.repeat(32), auth: config.auth }),
          CasesModule,
        ],
      },
      { logger: false },
    );
    try {
      const report = await app.get(AuditVerifyService).verifyAll({ all: true }, options);
      const extra = trustFindings(report, !!options.trustedKeys);
      console.log(options.json ? JSON.stringify({ ...report, valid: report.valid && !extra.length, trust: extra }, null, 2) : summary(report, extra).join('\n'));
      return report.valid && !extra.length ? 0 : 1;
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  },
);
