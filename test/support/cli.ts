import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const KTX_BIN = join(REPO_ROOT, 'bin', 'ktx.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Parsed stdout (for --json runs). */
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for asserting on JSON shapes
  json<T = any>(): T;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/** Runs the built `ktx` binary in a child process, like a user (or an agent) would. */
export function runKtx(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(process.execPath, [KTX_BIN, ...args], { cwd: options.cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json() {
          return JSON.parse(stdout);
        },
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temp directory (realpath'd, so macOS/`/tmp` symlinks never confuse path assertions). */
export function makeTempDir(prefix = 'ktx-test-'): { dir: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment that keeps the user's own KTX_PROJECT_DIR out of tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { KTX_PROJECT_DIR: undefined, ...extra };
}
