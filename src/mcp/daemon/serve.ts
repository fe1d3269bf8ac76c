import { KtxError } from '../../core/errors.js';
import { packageVersion } from '../../core/package-root.js';
import type { Project } from '../../project/project.js';
import { startMcpHttpServer } from '../http/server.js';
import { McpLog, mcpLogPath } from '../log.js';
import { KtxMcp } from '../server.js';
import { ProjectServices } from '../services.js';
import { type HttpFlags, httpSettings } from './settings.js';
import { clearDaemonState, processAlive, readDaemonState, writeDaemonState } from './state.js';

/**
 * `ktx mcp serve`: the HTTP server in this process, until SIGTERM/SIGINT. `ktx mcp start` runs
 * exactly this in a detached child; run in a terminal, it is the foreground server. Either way it
 * records itself in `.ktx/mcp/daemon.json` once listening and removes that file on the way out.
 */
export async function serveHttp(
  project: Project,
  flags: HttpFlags,
  onListening: (url: string) => void,
): Promise<void> {
  const settings = httpSettings(project, flags);
  const existing = readDaemonState(project.dir);
  if (existing && existing.pid !== process.pid && processAlive(existing.pid)) {
    throw new KtxError(
      'mcp_already_running',
      `A ktx MCP server already serves this project (pid ${existing.pid}, ${existing.url}).`,
      { hint: 'Stop it with `ktx mcp stop`, or use it.' },
    );
  }
  const version = packageVersion();
  const log = new McpLog(mcpLogPath(project.dir), 'http');
  const services = new ProjectServices(project.dir);
  const mcp = new KtxMcp(services, {
    version,
    onToolCall: (event) =>
      log.write(
        event.ok ? 'info' : 'warn',
        `tool ${event.tool} ${event.ok ? 'ok' : `failed ${event.code}`} ${event.ms.toFixed(1)} ms`,
      ),
  });
  const startedAt = new Date();
  let server: Awaited<ReturnType<typeof startMcpHttpServer>>;
  try {
    server = await startMcpHttpServer(mcp, {
      ...settings,
      log: (level, message) => log.write(level, message),
      // Unauthenticated, so it names no path: the state file in .ktx/ says which project it is.
      health: () => ({
        name: 'ktx',
        version,
        pid: process.pid,
        uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    await services.close();
    if (code === 'EADDRINUSE') {
      log.write('error', `port ${settings.port} on ${settings.host} is already in use`);
      throw new KtxError('mcp_port_in_use', `Port ${settings.port} on ${settings.host} is already in use.`, {
        hint: 'Choose another port with --port <n> (or set mcp.port in ktx.yaml).',
      });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new KtxError('mcp_host_invalid', `Cannot listen on ${settings.host}: no such local address.`, {
        hint: 'Use 127.0.0.1 (the default), or an address of this machine with a token.',
      });
    }
    throw error;
  }
  const wildcard = settings.host === '0.0.0.0' || settings.host === '::';
  const healthHost = wildcard
    ? '127.0.0.1'
    : settings.host.includes(':')
      ? `[${settings.host}]`
      : settings.host;
  writeDaemonState({
    schemaVersion: 1,
    pid: process.pid,
    host: settings.host,
    port: server.port,
    url: server.url,
    healthUrl: `http://${healthHost}:${server.port}/health`,
    version,
    projectDir: project.dir,
    startedAt: startedAt.toISOString(),
    tokenAuth: settings.token !== undefined,
    logPath: mcpLogPath(project.dir),
  });
  process.on('exit', () => clearDaemonState(project.dir, process.pid));
  log.write(
    'info',
    `ktx ${version} serving ${project.dir} at ${server.url} (token auth ${settings.token ? 'on' : 'off'})`,
  );
  onListening(server.url);
  // The CLI's own SIGINT handler exits at once; a server closes its sessions first.
  process.removeAllListeners('SIGINT');
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  log.write('info', 'stopping');
  await server.close();
  await services.close();
  clearDaemonState(project.dir, process.pid);
  log.write('info', 'stopped');
}
