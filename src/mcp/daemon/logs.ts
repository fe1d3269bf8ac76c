import { closeSync, openSync, readSync, statSync, unwatchFile, watchFile } from 'node:fs';
import { KtxError } from '../../core/errors.js';
import { mcpLogPath } from '../log.js';

/** `ktx mcp logs`: the last lines of `.ktx/logs/mcp.log`, and with --follow what gets appended. */

const TAIL_READ_BYTES = 256 * 1024;

function readRange(path: string, start: number, end: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface LogTail {
  path: string;
  lines: string[];
  /** Byte offset the tail ends at (where --follow continues). */
  size: number;
}

export function tailLog(projectDir: string, count: number): LogTail {
  const path = mcpLogPath(projectDir);
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined) {
    throw new KtxError('mcp_log_missing', `No MCP log yet (${path}).`, {
      hint: 'It is written once an MCP server has run: `ktx mcp start`, or an agent launching `ktx mcp stdio`.',
    });
  }
  const start = Math.max(0, size - TAIL_READ_BYTES);
  const text = readRange(path, start, size);
  const all = text.split('\n').filter(Boolean);
  // A partial first line from the middle of the file is dropped.
  const lines = start > 0 ? all.slice(1) : all;
  return { path, lines: lines.slice(-count), size };
}

/** Calls `onText` with whatever is appended after `from`, until the signal aborts. */
export async function followLog(
  path: string,
  from: number,
  onText: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  let offset = from;
  const check = () => {
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size < offset) offset = 0; // rotated
    if (size > offset) {
      onText(readRange(path, offset, size));
      offset = size;
    }
  };
  watchFile(path, { interval: 250 }, check);
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  unwatchFile(path, check);
}
