import { KtxError } from '../core/errors.js';

/**
 * A deliberately small TOML editor for one job: replace, insert or remove one table (such as
 * `[mcp_servers.ktx]`, with its sub-tables) in a file someone else owns, leaving every other
 * byte as it was. It reads just enough TOML to find table headers reliably: strings (basic,
 * literal, multi-line), comments, and arrays or inline tables spanning lines, so a `[` inside a
 * value is never mistaken for a header. The same table defined another way (dotted keys, an
 * inline table) is reported rather than edited.
 */

interface Segment {
  path: string[];
  /** Offsets of the header line start and of the next header line (or end of text). */
  start: number;
  end: number;
}

interface KeyLine {
  /** Full key path: the enclosing table plus the dotted key. */
  path: string[];
  /** The table the key is written under. */
  table: string[];
  line: number;
}

interface Scan {
  segments: Segment[];
  keys: KeyLine[];
}

/** `a."b.c".'d'` → ['a', 'b.c', 'd']; undefined when it is not a key. */
export function parseKeyPath(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    let part: string;
    if (s[i] === '"' || s[i] === "'") {
      const quote = s[i]!;
      let j = i + 1;
      let value = '';
      while (j < s.length && s[j] !== quote) {
        if (quote === '"' && s[j] === '\\' && j + 1 < s.length) {
          const next = s[j + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
          continue;
        }
        value += s[j];
        j++;
      }
      if (j >= s.length) return undefined;
      part = value;
      i = j + 1;
    } else {
      const match = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
      if (!match) return undefined;
      part = match[0];
      i += part.length;
    }
    parts.push(part);
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i < s.length) {
      if (s[i] !== '.') return undefined;
      i++;
    }
  }
  return parts.length ? parts : undefined;
}

interface ValueState {
  multiline: '"""' | "'''" | null;
  depth: number;
}

/** Advances through one line of value text: strings, comments, brackets. */
function scanValue(line: string, from: number, state: ValueState): void {
  let i = from;
  while (i < line.length) {
    if (state.multiline) {
      if (state.multiline === '"""' && line[i] === '\\') {
        i += 2;
        continue;
      }
      if (line.startsWith(state.multiline, i)) {
        i += 3;
        // Up to two quotes may directly precede the closing delimiter.
        while (line[i] === state.multiline[0]) i++;
        state.multiline = null;
        continue;
      }
      i++;
      continue;
    }
    const c = line[i]!;
    if (c === '#') return;
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      state.multiline = line.slice(i, i + 3) as '"""' | "'''";
      i += 3;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      i = close < 0 ? line.length : close + 1;
      continue;
    }
    if (c === '[' || c === '{') state.depth++;
    else if (c === ']' || c === '}') state.depth = Math.max(0, state.depth - 1);
    i++;
  }
}

/** Offset just past the `=` of a key-value line (outside quoted keys), or -1. */
function equalsIndex(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') return i;
    else if (c === '#') return -1;
  }
  return -1;
}

function scan(text: string): Scan {
  const segments: Segment[] = [];
  const keys: KeyLine[] = [];
  const state: ValueState = { multiline: null, depth: 0 };
  let table: string[] = [];
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const lineStart = offset;
    offset += line.length + 1;
    if (state.multiline || state.depth > 0) {
      scanValue(line, 0, state);
      return;
    }
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('[')) {
      const array = trimmed.startsWith('[[');
      const close = array ? trimmed.indexOf(']]') : findHeaderClose(trimmed);
      const path = close > 0 ? parseKeyPath(trimmed.slice(array ? 2 : 1, close)) : undefined;
      if (!path) throw new KtxError('toml_unreadable', `Line ${index + 1} is not a valid TOML table header.`);
      const previous = segments.at(-1);
      if (previous) previous.end = lineStart;
      segments.push({ path, start: lineStart, end: text.length });
      table = path;
      return;
    }
    const eq = equalsIndex(line);
    if (eq < 0) return;
    const key = parseKeyPath(line.slice(0, eq));
    if (key) keys.push({ path: [...table, ...key], table, line: index + 1 });
    scanValue(line, eq + 1, state);
  });
  return { segments, keys };
}

/** The `]` closing a `[table]` header, skipping quoted key parts. */
function findHeaderClose(header: string): number {
  let quote: string | null = null;
  for (let i = 1; i < header.length; i++) {
    const c = header[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

const startsWith = (path: string[], prefix: string[]) =>
  prefix.length <= path.length && prefix.every((part, i) => path[i] === part);

/** The table's text (header and sub-tables), or undefined when the file does not define it. */
export function readTable(text: string, table: string[]): string | undefined {
  const { segments } = scan(text);
  const mine = segments.filter((segment) => startsWith(segment.path, table));
  return mine.length ? mine.map((segment) => text.slice(segment.start, segment.end)).join('') : undefined;
}

function assertOnlyHeaders(found: Scan, table: string[], file: string): void {
  // A key reaching into the table from outside it (`[mcp_servers]` + `ktx.command = …`).
  const inline = found.keys.find((key) => startsWith(key.path, table) && !startsWith(key.table, table));
  if (inline) {
    throw new KtxError(
      'toml_table_inline',
      `${file}:${inline.line} defines ${table.join('.')} with dotted keys or an inline table, which ktx does not edit.`,
      { hint: `Remove the ${table.join('.')} entry from ${file} and run the command again.` },
    );
  }
}

/** Text without the table (and its sub-tables), and what was removed. */
export function removeTable(
  text: string,
  table: string[],
  file = 'config.toml',
): { text: string; removed?: string } {
  const found = scan(text);
  assertOnlyHeaders(found, table, file);
  const mine = found.segments.filter((segment) => startsWith(segment.path, table));
  if (mine.length === 0) return { text };
  let out = '';
  let cursor = 0;
  for (const segment of mine) {
    out += text.slice(cursor, segment.start);
    cursor = segment.end;
  }
  out += text.slice(cursor);
  out = out.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '');
  // The blank line that separated an appended table goes with it.
  if (cursor === text.length) out = out.replace(/\n{2,}$/, '\n');
  return { text: out, removed: mine.map((s) => text.slice(s.start, s.end)).join('') };
}

/**
 * Puts `block` (a rendered table) where the table was, or at the end; returns the old table
 * text when there was one.
 */
export function upsertTable(
  text: string,
  table: string[],
  block: string,
  file = 'config.toml',
): { text: string; previous?: string } {
  const found = scan(text);
  assertOnlyHeaders(found, table, file);
  const mine = found.segments.filter((segment) => startsWith(segment.path, table));
  const body = block.endsWith('\n') ? block : `${block}\n`;
  if (mine.length === 0) {
    const base =
      text.length === 0 || text.endsWith('\n\n') ? text : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
    return { text: `${base}${body}` };
  }
  const previous = mine.map((s) => text.slice(s.start, s.end)).join('');
  let out = text.slice(0, mine[0]!.start);
  let cursor = mine[0]!.end;
  out += body;
  // Keep the blank line that separated the old table from what followed.
  if (/\n\s*\n$/.test(text.slice(mine[0]!.start, mine[0]!.end)) && cursor < text.length) out += '\n';
  for (const segment of mine.slice(1)) {
    out += text.slice(cursor, segment.start);
    cursor = segment.end;
  }
  out += text.slice(cursor);
  return { text: out.replace(/\n{3,}/g, '\n\n'), previous };
}

/** A TOML basic string. */
export function tomlString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '"') return '\\"';
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

function tomlKey(part: string): string {
  return /^[A-Za-z0-9_-]+$/.test(part) ? part : tomlString(part);
}

/** `[a.b]` followed by `key = value` lines; values are strings or arrays of strings. */
export function renderTable(
  table: string[],
  values: Record<string, string | string[]>,
  comment?: string,
): string {
  const lines = [`[${table.map(tomlKey).join('.')}]`];
  if (comment) lines.push(`# ${comment}`);
  for (const [key, value] of Object.entries(values)) {
    lines.push(
      `${tomlKey(key)} = ${Array.isArray(value) ? `[${value.map(tomlString).join(', ')}]` : tomlString(value)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
