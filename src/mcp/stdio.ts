import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { packageVersion } from '../core/package-root.js';
import { McpLog, mcpLogPath } from './log.js';
import { KtxMcp } from './server.js';
import { ProjectServices } from './services.js';

/**
 * `ktx mcp stdio`: the server for clients that spawn it (Claude Code, Codex, Cursor, OpenCode).
 * Stdout carries the protocol and nothing else; diagnostics go to `.ktx/logs/mcp.log` (and
 * stderr with --debug). Returns when the client closes stdin or the process is told to stop.
 */
export async function serveStdio(projectDir: string, options: { debug?: boolean } = {}): Promise<void> {
  // A stray console.log anywhere below would corrupt the protocol stream: send it to stderr.
  console.log = console.error;
  console.info = console.error;
  const log = new McpLog(
    mcpLogPath(projectDir),
    'stdio',
    options.debug ? (line) => process.stderr.write(`${line}\n`) : undefined,
  );
  const services = new ProjectServices(projectDir);
  const mcp = new KtxMcp(services, {
    version: packageVersion(),
    onToolCall: (event) =>
      log.write(
        event.ok ? 'info' : 'warn',
        `tool ${event.tool} ${event.ok ? 'ok' : `failed ${event.code}`} ${event.ms.toFixed(1)} ms`,
      ),
  });
  const server = await mcp.createServer();
  const transport = new StdioServerTransport();
  const done = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  await server.connect(transport);
  log.write('info', `serving ${projectDir} over stdio (ktx ${packageVersion()})`);
  await done;
  await server.close().catch(() => {});
  await services.close();
  log.write('info', 'stdio session ended');
}
