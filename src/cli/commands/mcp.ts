import { type Command, Option } from 'commander';
import { commandGroup } from '../command-group.js';
import { run } from '../runner.js';

/**
 * `ktx mcp stdio | start | serve | status | stop | logs | token`: the MCP server. Definitions
 * only; every action imports its module when it runs.
 */

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface HttpCliFlags {
  host?: string;
  port?: string;
  allowedHost?: string[];
  allowedOrigin?: string[];
}

function httpOptions(command: Command): Command {
  return command
    .option('--host <address>', 'address to listen on (default: mcp.host, then 127.0.0.1)')
    .option('--port <n>', 'port (default: mcp.port, then 7878; 0 picks a free one)')
    .option('--allowed-host <name>', 'another Host header to accept (repeatable), e.g. a LAN name', collect)
    .option('--allowed-origin <origin>', 'a browser Origin to accept (repeatable; none by default)', collect);
}

export function registerMcp(program: Command): void {
  const mcp = commandGroup(program, 'mcp', 'Serve the project to agents over MCP (stdio or an HTTP daemon)');

  mcp
    .command('stdio')
    .description('Serve over stdin/stdout, for agent clients that launch ktx themselves')
    .action(
      run(async (ctx) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const { serveStdio } = await import('../../mcp/stdio.js');
        await serveStdio(dir, { debug: ctx.debug });
        return { data: { transport: 'stdio', projectDir: dir } };
      }),
    );

  httpOptions(
    mcp
      .command('start')
      .description('Start the HTTP daemon (Streamable HTTP at /mcp); waits until it is healthy'),
  ).action(
    run<HttpCliFlags>(async (ctx, _args, flags) => {
      const { startDaemon } = await import('../../mcp/daemon/control.js');
      const { renderStart } = await import('./mcp-output.js');
      const report = await startDaemon(await ctx.project(), flags);
      return { data: report, human: () => renderStart(ctx.style, report) };
    }),
  );

  httpOptions(
    mcp
      .command('serve')
      .description('Run the HTTP server in the foreground (what `mcp start` runs in the background)'),
  )
    // Set by `mcp start`: the log file already says everything, so print nothing.
    .addOption(new Option('--daemon').hideHelp())
    .action(
      run<HttpCliFlags & { daemon?: boolean }>(async (ctx, _args, flags) => {
        const { serveHttp } = await import('../../mcp/daemon/serve.js');
        const project = await ctx.project();
        await serveHttp(project, flags, (url) => {
          if (!flags.daemon) ctx.info(`ktx MCP server listening at ${url} (Ctrl+C stops it)`);
        });
        return { data: { stopped: true }, human: flags.daemon ? '' : 'ktx MCP server stopped.' };
      }),
    );

  mcp
    .command('status')
    .description('Is the HTTP daemon running: URL, pid, version, sessions, recent latency')
    .action(
      run(async (ctx) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { daemonStatus } = await import('../../mcp/daemon/control.js');
        const { renderStatus } = await import('./mcp-output.js');
        const report = await daemonStatus(requireProjectDir({ flag: ctx.projectDirFlag }).dir);
        return { data: report, human: () => renderStatus(ctx.style, report) };
      }),
    );

  mcp
    .command('stop')
    .description('Stop the HTTP daemon (SIGTERM, then SIGKILL after 10 s)')
    .action(
      run(async (ctx) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { stopDaemon } = await import('../../mcp/daemon/control.js');
        const report = await stopDaemon(requireProjectDir({ flag: ctx.projectDirFlag }).dir);
        return {
          data: report,
          human:
            report.status === 'stopped'
              ? `ktx MCP daemon stopped (pid ${report.pid}${report.forced ? ', killed after the grace period' : ''}).`
              : 'ktx MCP daemon is not running.',
        };
      }),
    );

  mcp
    .command('logs')
    .description('Show the end of .ktx/logs/mcp.log (both transports write there)')
    .option('-n, --lines <n>', 'number of lines', '50')
    .option('-f, --follow', 'keep printing new lines until Ctrl+C')
    .action(
      run<{ lines: string; follow?: boolean }>(async (ctx, _args, flags) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { usageError } = await import('../../core/errors.js');
        const count = Number(flags.lines);
        if (!Number.isInteger(count) || count < 1)
          throw usageError(`--lines must be a positive whole number (got "${flags.lines}").`);
        const { tailLog, followLog } = await import('../../mcp/daemon/logs.js');
        const tail = tailLog(requireProjectDir({ flag: ctx.projectDirFlag }).dir, count);
        if (flags.follow && !ctx.json) {
          const { redact } = await import('../../core/redact.js');
          if (tail.lines.length) ctx.stdout.write(`${redact(tail.lines.join('\n'))}\n`);
          const stop = new AbortController();
          process.once('SIGTERM', () => stop.abort());
          await followLog(tail.path, tail.size, (text) => ctx.stdout.write(redact(text)), stop.signal);
          return { data: { path: tail.path } };
        }
        return { data: { path: tail.path, lines: tail.lines }, human: tail.lines.join('\n') };
      }),
    );

  mcp
    .command('token')
    .description('Create the bearer token HTTP clients must send (needed for non-loopback binds)')
    .option('--rotate', 'replace the existing token (clients must be updated)')
    .action(
      run<{ rotate?: boolean }>(async (ctx, _args, flags) => {
        const { ensureMcpToken } = await import('../../mcp/daemon/settings.js');
        const { renderToken } = await import('./mcp-output.js');
        const report = await ensureMcpToken(await ctx.project(), flags.rotate === true, ctx);
        return { data: report, human: () => renderToken(ctx.style, report) };
      }),
    );
}
