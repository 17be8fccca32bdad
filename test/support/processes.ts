import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');

export function assertBuilt(file: string): void {
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run "npm run build:server" first`);
}

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout match, rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a Node.js script with a clean environment plus `env`; output is collected for assertions. */
export function spawnNode(script: string, args: string[], env: Record<string, string>): Spawned {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|JWT_SECRET|PORT|DATA_DIR|SEED_DEMO|RECTIFY_)/.test(k)));
  const child = spawn(process.execPath, [script, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setInterval(check, 50);
        const deadline = Date.now() + timeoutMs;
        let done = false;
        function finish(fn: () => void) {
          if (done) return;
          done = true;
          clearInterval(timer);
          fn();
        }
        function check() {
          const match = out.match(pattern);
          if (match) return finish(() => resolve(match));
          if (child.exitCode !== null || child.signalCode !== null)
            return finish(() => reject(new Error(`process exited before ${pattern}: ${out}\n${err}`)));
          if (Date.now() > deadline) finish(() => reject(new Error(`timed out waiting for ${pattern}: ${out}\n${err}`)));
        }
      });
    },
  };
}

export async function stopProcess(p: Spawned, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null }> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}
