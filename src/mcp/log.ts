import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { redact } from '../core/redact.js';
import { projectPaths } from '../project/layout.js';

/**
 * `.ktx/logs/mcp.log`: one line per event (`<ISO time> <level> [<transport> <pid>] <message>`),
 * written by the stdio server and the HTTP daemon alike, always redacted. Agent clients hide a
 * server's stderr, so this file is where `ktx mcp logs` finds what happened. It is rotated once
 * (to mcp.log.1) when it grows past 5 MB.
 */

const ROTATE_BYTES = 5 * 1024 * 1024;

export function mcpLogPath(projectDir: string): string {
  return join(projectPaths(projectDir).logs, 'mcp.log');
}

export type LogLevel = 'info' | 'warn' | 'error';

export class McpLog {
  private broken = false;

  constructor(
    readonly path: string,
    private readonly label: string,
    private readonly echo?: (line: string) => void,
  ) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > ROTATE_BYTES)
        renameSync(path, `${path}.1`);
    } catch {
      // Logging must never stop the server.
    }
  }

  write(level: LogLevel, message: string): void {
    const line = redact(`${new Date().toISOString()} ${level} [${this.label} ${process.pid}] ${message}`);
    this.echo?.(line);
    if (this.broken) return;
    try {
      appendFileSync(this.path, `${line}\n`);
    } catch {
      this.broken = true;
    }
  }
}
