import { freePort } from '@app/database';
import { API_MAIN, assertBuilt, spawnNode, Spawned, stopProcess } from './processes';

export const RELIABILITY_JWT_SECRET = 'reliability-secret-reliability-secret-0123456789';

export interface ApiProcess {
  base: string;
  port: number;
  process: Spawned;
}

/**
 * Keeps every process a test file starts, so afterAll can kill them all even when a test failed
 * half-way; each is killed by its own pid, never by name.
 */
export class ProcessPool {
  private readonly all = new Set<Spawned>();

  track(p: Spawned): Spawned {
    this.all.add(p);
    void p.exited.then(() => this.all.delete(p));
    return p;
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.all].map((p) => stopProcess(p, 'SIGKILL')));
  }
}

/** Starts the built API (dist/apps/api/src/main.js) on DATABASE_URL and waits until it listens. */
export async function startApi(pool: ProcessPool, env: Record<string, string>, timeoutMs = 60_000): Promise<ApiProcess> {
  assertBuilt(API_MAIN);
  const port = await freePort();
  const p = pool.track(
    spawnNode(API_MAIN, [], {
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: RELIABILITY_JWT_SECRET,
      SWEEPER: 'off',
      LOG_LEVEL: 'info',
      DB_POOL_SIZE: '10',
      ...env,
    }),
  );
  await p.waitFor(/Rectify is running at/, timeoutMs);
  return { base: `http://127.0.0.1:${port}`, port, process: p };
}

/** The JSON log lines of a process's stdout at level error (50) or worse. */
export function errorLines(p: Spawned): string[] {
  return p
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .filter((l) => {
      try {
        return (JSON.parse(l) as { level?: number }).level! >= 50;
      } catch {
        return false;
      }
    });
}
