import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { projectPaths } from '../../project/layout.js';

/**
 * `.ktx/mcp/daemon.json`: which HTTP server serves this project (written by the server once it
 * listens, removed when it stops). `start`, `status` and `stop` trust it only after checking the
 * process is alive and answers `/health` as the same pid.
 */

export interface DaemonState {
  schemaVersion: 1;
  pid: number;
  host: string;
  port: number;
  url: string;
  healthUrl: string;
  version: string;
  projectDir: string;
  startedAt: string;
  tokenAuth: boolean;
  logPath: string;
}

export function daemonStatePath(projectDir: string): string {
  return join(projectPaths(projectDir).state, 'mcp', 'daemon.json');
}

export function readDaemonState(projectDir: string): DaemonState | undefined {
  try {
    const state = JSON.parse(readFileSync(daemonStatePath(projectDir), 'utf8')) as DaemonState;
    return state?.schemaVersion === 1 && Number.isInteger(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

export function writeDaemonState(state: DaemonState): void {
  writeFileAtomic(daemonStatePath(state.projectDir), `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state file, but only while it still describes `pid` (a newer server may own it). */
export function clearDaemonState(projectDir: string, pid?: number): void {
  const state = readDaemonState(projectDir);
  if (pid !== undefined && state && state.pid !== pid) return;
  rmSync(daemonStatePath(projectDir), { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Health {
  status: string;
  pid?: number;
  version?: string;
  sessions?: number;
  uptimeSeconds?: number;
  latencyMs?: { requests: number; window: number; p50: number; p99: number };
}

/** GET /health through the loopback address (what the server always answers to). */
export async function fetchHealth(
  state: Pick<DaemonState, 'healthUrl'>,
  timeoutMs = 1500,
): Promise<Health | undefined> {
  try {
    const response = await fetch(state.healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return (await response.json()) as Health;
  } catch {
    return undefined;
  }
}
