// A real collegiald for one test file: the binary CMake built (COLLEGIALD), the demo seed, a fresh
// database in a temporary directory, a free port, and the built app (COLLEGIAL_WEB_ROOT).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = process.env.COLLEGIAL_SOURCE_DIR ?? resolve(here, '../../../..');

export interface RunningServer {
  port: number;
  origin: string; // http://127.0.0.1:PORT
  log: () => string;
  stop: () => Promise<void>;
  /**
   * With `{ clock: true }`: stands the server's clock at `ms` (collegiald --test-clock-file), or
   * back on the system clock with null. Otherwise it throws.
   */
  setClock: (ms: number | null) => void;
}

async function waitFor<T>(what: string, probe: () => T | null, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * `clock`: the server reads the time from a file the test sets (`setClock`). `args`: more of
 * collegiald's options (e.g. `--schedule-interval-ms 200`, so reminders and attendance are
 * taken soon after the clock is moved).
 */
export async function startServer(options: { clock?: boolean; args?: string[] } = {}): Promise<RunningServer> {
  const binary = process.env.COLLEGIALD ?? join(sourceDir, 'build/server/collegiald');
  const webRoot = process.env.COLLEGIAL_WEB_ROOT ?? join(sourceDir, 'web-client/dist');
  if (!existsSync(binary)) throw new Error(`no collegiald at ${binary}: build it first (scripts/build.sh)`);
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`no built app in ${webRoot}: npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'collegial-e2e-'));
  const portFile = join(dir, 'port');
  // The server reads the time from this file while it exists, the system clock otherwise.
  const clockFile = join(dir, 'clock');
  let log = '';
  const child: ChildProcess = spawn(
    binary,
    [
      '--port', '0',
      '--bind', '127.0.0.1',
      '--data', join(dir, 'collegial.db'),
      '--port-file', portFile,
      '--demo', join(sourceDir, 'db/seed/demo.json'),
      '--web-root', webRoot,
      '--rate-limit', '0',
      '--durability', 'normal',
      '--log-level', 'info',
      // A test that moves the clock by days keeps its people signed in (the 12-hour session
      // would otherwise end under them); a test of the session's end passes its own --session-hours.
      ...(options.clock ? ['--test-clock-file', clockFile] : []),
      ...(options.clock && !(options.args ?? []).includes('--session-hours') ? ['--session-hours', '8784'] : []),
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const port = await waitFor('collegiald to listen', () => {
    if (exited !== null) throw new Error(`collegiald exited (${exited}):\n${log}`);
    try {
      const p = Number(readFileSync(portFile, 'utf8').trim());
      return p > 0 ? p : null;
    } catch {
      return null;
    }
  });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    log: () => log,
    setClock: (ms) => {
      if (!options.clock) throw new Error('start the server with { clock: true } to set its clock');
      if (ms === null) rmSync(clockFile, { force: true });
      else writeFileSync(clockFile, String(Math.round(ms)));
    },
    stop: async () => {
      if (exited === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
