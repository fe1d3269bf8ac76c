import type { Style } from '../../core/terminal.js';
import type { StartReport, StatusReport } from '../../mcp/daemon/control.js';
import type { TokenReport } from '../../mcp/daemon/settings.js';

/** Human output of `ktx mcp start | status | token`. */

function authLine(tokenAuth: boolean): string {
  return tokenAuth
    ? 'token auth: on (clients send "Authorization: Bearer <token>"; the token is in the file mcp.token points at)'
    : 'token auth: off (loopback only)';
}

export function renderStart(s: Style, report: StartReport): string {
  const head =
    report.status === 'started'
      ? `${s.green('✓')} ktx MCP daemon started at ${s.bold(report.url)} (pid ${report.pid}, ktx ${report.version})`
      : `ktx MCP daemon already running at ${s.bold(report.url)} (pid ${report.pid}, ktx ${report.version})`;
  return [
    head,
    ...(report.replaced
      ? [`  replaced the daemon of ktx ${report.replaced.version} (pid ${report.replaced.pid})`]
      : []),
    `  ${authLine(report.tokenAuth)}`,
    `  ${s.dim('logs: ktx mcp logs · status: ktx mcp status · stop: ktx mcp stop')}`,
    '',
    `Point HTTP MCP clients at ${report.url}. Clients that launch ktx themselves need no daemon:`,
    '  ktx setup --agents --target claude-code   # or codex, cursor, opencode, universal',
  ].join('\n');
}

export function renderStatus(s: Style, report: StatusReport): string {
  if (!report.running) {
    return [
      `ktx MCP daemon is not running${report.note ? ` (${report.note})` : ''}.`,
      s.dim('Start it with `ktx mcp start`; agents that launch `ktx mcp stdio` do not need it.'),
    ].join('\n');
  }
  const lines = [
    `${s.green('●')} ktx MCP daemon running at ${s.bold(report.url ?? '')}`,
    `  pid ${report.pid} · ktx ${report.version}${report.versionMatches ? '' : s.yellow(' (not this CLI version: `ktx mcp start` replaces it)')} · up ${report.uptimeSeconds ?? 0} s · ${report.sessions ?? 0} session(s)`,
    `  ${authLine(report.tokenAuth === true)}`,
  ];
  if (report.latencyMs && report.latencyMs.window > 0) {
    lines.push(
      `  recent requests: ${report.latencyMs.requests} served, p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms (last ${report.latencyMs.window})`,
    );
  }
  lines.push(`  ${s.dim(`log: ${report.logPath}`)}`);
  return lines.join('\n');
}

export function renderToken(s: Style, report: TokenReport): string {
  const what =
    report.action === 'kept'
      ? `A bearer token is already configured (${report.source}); nothing changed. Use --rotate to replace it.`
      : `${s.green('✓')} Bearer token ${report.action}: stored in ${report.source.replace(/^file:/, '')} (mode 0600)${report.configChanged ? '; ktx.yaml now has mcp.token: ' + report.reference : ''}.`;
  return [
    what,
    'HTTP clients send it as "Authorization: Bearer <token>"; read it from that file, never paste it into shared files.',
    ...(report.action === 'rotated'
      ? ['Restart a running daemon to use it: `ktx mcp stop && ktx mcp start`.']
      : []),
  ].join('\n');
}
