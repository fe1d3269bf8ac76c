import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KtxError } from '../../core/errors.js';
import { packageRoot, packageVersion } from '../../core/package-root.js';
import type { Project } from '../../project/project.js';
import { mcpLogPath } from '../log.js';
import { type HttpFlags, httpSettings } from './settings.js';
import {
  clearDaemonState,
  type DaemonState,
  fetchHealth,
  type Health,
  processAlive,
  readDaemonState,
} from './state.js';

/**
 * `ktx mcp start | status | stop`: the HTTP server as a background process. `start` reports
 * "started" only once `/health` answers from the new process; a daemon of another ktx version is
 * stopped and replaced; one with other settings is left alone and reported.
 */

const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 10_000;

export interface StartReport {
  status: 'started' | 'already_running';
  url: string;
  pid: number;
  version: string;
  tokenAuth: boolean;
  logPath: string;
  /** Set when a daemon of another version was stopped first. */
  replaced?: { pid: number; version: string };
}

function tailText(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The running daemon, if its pid is alive and `/health` answers as that pid. */
async function liveDaemon(projectDir: string): Promise<{ state: DaemonState; health: Health } | undefined> {
  const state = readDaemonState(projectDir);
  if (!state) return undefined;
  if (!processAlive(state.pid)) {
    clearDaemonState(projectDir, state.pid);
    return undefined;
  }
  const health = await fetchHealth(state);
  if (!health || health.pid !== state.pid) return undefined;
  return { state, health };
}

export async function startDaemon(project: Project, flags: HttpFlags): Promise<StartReport> {
  const settings = httpSettings(project, flags);
  const version = packageVersion();
  let replaced: StartReport['replaced'];
  const live = await liveDaemon(project.dir);
  if (live) {
    const runningVersion = live.health.version ?? live.state.version;
    // Flags that ask for another address are a conflict; no flags means "the daemon, wherever it is".
    const sameSettings =
      (flags.host === undefined || live.state.host === settings.host) &&
      (flags.port === undefined || settings.port === 0 || live.state.port === settings.port);
    if (runningVersion === version && sameSettings) {
      return {
        status: 'already_running',
        url: live.state.url,
        pid: live.state.pid,
        version,
        tokenAuth: live.state.tokenAuth,
        logPath: live.state.logPath,
      };
    }
    if (runningVersion === version) {
      throw new KtxError(
        'mcp_running_elsewhere',
        `A ktx MCP daemon already serves this project at ${live.state.url}.`,
        { hint: 'Stop it first (`ktx mcp stop`), then start with the new host or port.' },
      );
    }
    await stopDaemon(project.dir);
    replaced = { pid: live.state.pid, version: runningVersion };
  }

  const logPath = mcpLogPath(project.dir);
  mkdirSync(dirname(logPath), { recursive: true });
  const out = openSync(logPath, 'a');
  const args = [
    join(packageRoot(), 'bin', 'ktx.js'),
    '--project-dir',
    project.dir,
    'mcp',
    'serve',
    '--daemon',
    '--host',
    settings.host,
    '--port',
    String(settings.port),
    ...(flags.allowedHost ?? []).flatMap((host) => ['--allowed-host', host]),
    ...(flags.allowedOrigin ?? []).flatMap((origin) => ['--allowed-origin', origin]),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', out, out],
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  closeSync(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  child.unref();

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) break;
    const state = readDaemonState(project.dir);
    if (state && state.pid === child.pid) {
      const health = await fetchHealth(state, 1000);
      if (health && health.pid === child.pid && health.version === version) {
        return {
          status: 'started',
          url: state.url,
          pid: state.pid,
          version,
          tokenAuth: state.tokenAuth,
          logPath,
          ...(replaced ? { replaced } : {}),
        };
      }
    }
    await sleep(50);
  }
  if (exited === undefined && child.pid) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const excerpt = tailText(logPath, 8);
  const inUse = /already in use|EADDRINUSE/.test(excerpt);
  throw new KtxError(
    inUse ? 'mcp_port_in_use' : 'mcp_start_failed',
    inUse
      ? `Port ${settings.port} on ${settings.host} is already in use.`
      : `The MCP daemon did not become healthy within ${START_TIMEOUT_MS / 1000} s${exited !== undefined ? ` (it exited with code ${exited})` : ''}.`,
    {
      hint: inUse
        ? 'Choose another port with --port <n> (or set mcp.port in ktx.yaml).'
        : `See \`ktx mcp logs\`. Last lines:\n${excerpt}`,
    },
  );
}

export interface StopReport {
  status: 'stopped' | 'not_running';
  pid?: number;
  /** The state file named a process that was no longer running. */
  stale?: boolean;
  forced?: boolean;
}

export async function stopDaemon(projectDir: string): Promise<StopReport> {
  const state = readDaemonState(projectDir);
  if (!state) return { status: 'not_running' };
  if (!processAlive(state.pid)) {
    clearDaemonState(projectDir, state.pid);
    return { status: 'not_running', pid: state.pid, stale: true };
  }
  // Never signal a process that merely reuses the pid: it must answer /health as itself.
  const health = await fetchHealth(state);
  if (health?.pid !== state.pid) {
    clearDaemonState(projectDir, state.pid);
    return { status: 'not_running', pid: state.pid, stale: true };
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (Date.now() < deadline && processAlive(state.pid)) await sleep(100);
  let forced = false;
  if (processAlive(state.pid)) {
    process.kill(state.pid, 'SIGKILL');
    forced = true;
  }
  clearDaemonState(projectDir, state.pid);
  return { status: 'stopped', pid: state.pid, ...(forced ? { forced } : {}) };
}

export interface StatusReport {
  running: boolean;
  url?: string;
  pid?: number;
  host?: string;
  port?: number;
  version?: string;
  /** False when the daemon runs another ktx version than this CLI (`ktx mcp start` replaces it). */
  versionMatches?: boolean;
  tokenAuth?: boolean;
  startedAt?: string;
  uptimeSeconds?: number;
  sessions?: number;
  latencyMs?: Health['latencyMs'];
  logPath: string;
  /** Why it is not running, when there was state. */
  note?: string;
}

export async function daemonStatus(projectDir: string): Promise<StatusReport> {
  const logPath = mcpLogPath(projectDir);
  const state = readDaemonState(projectDir);
  const live = await liveDaemon(projectDir);
  if (!live) {
    return {
      running: false,
      logPath,
      ...(state ? { note: `the daemon recorded for pid ${state.pid} is not answering` } : {}),
    };
  }
  const version = live.health.version ?? live.state.version;
  return {
    running: true,
    url: live.state.url,
    pid: live.state.pid,
    host: live.state.host,
    port: live.state.port,
    version,
    versionMatches: version === packageVersion(),
    tokenAuth: live.state.tokenAuth,
    startedAt: live.state.startedAt,
    ...(live.health.uptimeSeconds !== undefined ? { uptimeSeconds: live.health.uptimeSeconds } : {}),
    ...(live.health.sessions !== undefined ? { sessions: live.health.sessions } : {}),
    ...(live.health.latencyMs ? { latencyMs: live.health.latencyMs } : {}),
    logPath,
  };
}
