import type { Dialect } from '../types.js';
import { deniedFunction, SLEEP_FUNCTIONS } from './deny-list.js';

/**
 * Statement classification and the whole-tree walk of the read-only gate. The AST is the serde
 * JSON of sqlparser-rs: enum variants are single-key objects (`{ Query: {…} }`) or bare strings.
 */

export type StatementKind = 'query' | 'explain' | 'describe' | 'show';

/** Statement roots ktx runs. Everything else is refused by name. */
const ALLOWED_ROOTS: Record<string, StatementKind> = {
  Query: 'query',
  Explain: 'explain',
  ExplainTable: 'describe',
  ShowVariable: 'show',
  ShowVariables: 'show',
  ShowStatus: 'show',
  ShowTables: 'show',
  ShowColumns: 'show',
  ShowCreate: 'show',
  ShowDatabases: 'show',
  ShowSchemas: 'show',
  ShowViews: 'show',
  ShowFunctions: 'show',
  ShowCollation: 'show',
  ShowProcessList: 'show',
  ShowObjects: 'show',
  ShowCharset: 'show',
};

/** How refused statements are named in messages, where splitting the variant name is not enough. */
const KEYWORDS: Record<string, string> = {
  StartTransaction: 'BEGIN / START TRANSACTION',
  Set: 'SET',
  SetVariable: 'SET',
  SetRole: 'SET ROLE',
  SetTimeZone: 'SET TIME ZONE',
  SetNames: 'SET NAMES',
  SetTransaction: 'SET TRANSACTION',
  Lock: 'LOCK',
  LockTables: 'LOCK TABLES',
  AttachDatabase: 'ATTACH',
  AttachDuckDBDatabase: 'ATTACH',
  DetachDuckDBDatabase: 'DETACH',
  NOTIFY: 'NOTIFY',
  LISTEN: 'LISTEN',
  UNLISTEN: 'UNLISTEN',
  Directory: 'INSERT OVERWRITE DIRECTORY',
  LoadData: 'LOAD DATA',
};

export function statementName(variant: string): string {
  return KEYWORDS[variant] ?? variant.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

export interface Violation {
  /** What is refused, as the user would write it: `UPDATE`, `pg_terminate_backend()`. */
  what: string;
  why?: string;
  hint?: string;
}

export function rootVariant(statement: unknown): string {
  if (typeof statement === 'string') return statement;
  if (statement && typeof statement === 'object') return Object.keys(statement)[0] ?? 'unknown';
  return 'unknown';
}

/** Classifies the root statement, or says why it is refused. */
export function classifyStatement(statement: unknown): { kind: StatementKind } | { violation: Violation } {
  const variant = rootVariant(statement);
  const kind = ALLOWED_ROOTS[variant];
  if (kind) {
    if (kind === 'explain') {
      const inner = (statement as { Explain: { statement?: unknown } }).Explain.statement;
      const innerVariant = rootVariant(inner);
      if (innerVariant !== 'Query') {
        return { violation: { what: `EXPLAIN of ${innerName(inner, innerVariant)}` } };
      }
    }
    return { kind };
  }
  if (variant === 'Insert') {
    const insert = (statement as { Insert: { replace_into?: boolean } }).Insert;
    return { violation: { what: insert?.replace_into ? 'REPLACE' : 'INSERT' } };
  }
  if (variant === 'Pragma') {
    return {
      violation: {
        what: 'PRAGMA',
        hint: "Read pragmas through their table functions instead, e.g. SELECT * FROM pragma_table_info('orders').",
      },
    };
  }
  return { violation: { what: statementName(variant) } };
}

function innerName(inner: unknown, variant: string): string {
  if (variant === 'Insert')
    return (inner as { Insert: { replace_into?: boolean } }).Insert?.replace_into ? 'REPLACE' : 'INSERT';
  return statementName(variant);
}

/** Last part of an ObjectName (`pg_catalog.set_config` → `set_config`), as written. */
export function objectNameTail(name: unknown): string | undefined {
  if (!Array.isArray(name) || name.length === 0) return undefined;
  const last = name[name.length - 1] as Record<string, unknown>;
  const ident = (last?.Identifier ?? last) as { value?: unknown };
  return typeof ident?.value === 'string' ? ident.value : undefined;
}

function objectNameQuote(name: unknown): string | undefined {
  if (!Array.isArray(name) || name.length !== 1) return undefined;
  const first = name[0] as Record<string, unknown>;
  const ident = (first?.Identifier ?? first) as { quote_style?: unknown };
  return typeof ident?.quote_style === 'string' ? ident.quote_style : undefined;
}

/** The first argument of a function call when it is a plain number literal. */
function firstNumericArgument(fn: Record<string, unknown>): number | undefined {
  const args = fn.args as Record<string, unknown> | undefined;
  const list =
    (args?.List as { args?: unknown[] } | undefined)?.args ?? (args?.args as unknown[] | undefined);
  if (!Array.isArray(list) || list.length !== 1) return undefined;
  const unnamed = (list[0] as { Unnamed?: { Expr?: unknown } })?.Unnamed;
  const expr = (unnamed?.Expr ?? unnamed) as
    | { Value?: { value?: { Number?: [string, boolean] } } }
    | undefined;
  const number = expr?.Value?.value?.Number?.[0];
  return number === undefined ? undefined : Number(number);
}

/** Eponymous virtual tables that touch raw pages or the file system when merely selected from. */
const DENIED_TABLES = new Set(['sqlite_dbpage', 'sqlite_dbdata', 'sqlite_dbptr', 'fsdir', 'zipfile']);

const FILE_LIKE =
  /[/\\]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|xlsx|arrow|avro|db|duckdb|sqlite3?)$/i;

function checkCall(name: string, fn: Record<string, unknown>, timeoutMs: number): Violation | undefined {
  const lower = name.toLowerCase();
  const sleepUnit = SLEEP_FUNCTIONS[lower];
  if (sleepUnit !== undefined) {
    const seconds = firstNumericArgument(fn);
    if (seconds !== undefined && Number.isFinite(seconds) && seconds * sleepUnit < timeoutMs)
      return undefined;
    return {
      what: `${name}()`,
      why: `it would wait longer than the ${timeoutMs / 1000}s statement timeout (or its duration is not a literal)`,
    };
  }
  const reason = deniedFunction(lower);
  return reason ? { what: `${name}()`, why: reason } : undefined;
}

export interface InspectOptions {
  dialect: Dialect;
  timeoutMs: number;
}

/**
 * Walks every node of an allowed statement and returns the first construct that could write,
 * lock, leave the sandbox or outlast the timeout. Iterative, so deep trees cannot overflow.
 */
export function findViolation(statement: unknown, options: InspectOptions): Violation | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: statement, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      const found = inspectEntry(key, value, depth, options);
      if (found) return found;
      if (typeof value === 'object') stack.push({ node: value, depth: depth + 1 });
    }
  }
  return undefined;
}

const NESTED_WRITES: Record<string, string> = {
  Insert: 'INSERT',
  Update: 'UPDATE',
  Delete: 'DELETE',
  Merge: 'MERGE',
};

/** Punctuation or symbols in an unquoted identifier: a look-alike (`；`, `;`) posing as syntax. */
const LOOKALIKE = /[^\p{L}\p{M}\p{N}_$#@]/u;

function lookalikeIdentifier(node: Record<string, unknown>): Violation | undefined {
  if (typeof node.value !== 'string' || node.quote_style) return undefined;
  const keys = Object.keys(node);
  if (!keys.every((key) => key === 'value' || key === 'quote_style' || key === 'span')) return undefined;
  const match = LOOKALIKE.exec(node.value);
  if (!match) return undefined;
  const code = `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    what: `the unquoted name "${node.value}"`,
    why: `it contains ${code}, which looks like SQL punctuation`,
    hint: 'Use plain ASCII punctuation, or double-quote the name if it is real.',
  };
}

function inspectEntry(
  key: string,
  value: unknown,
  depth: number,
  options: InspectOptions,
): Violation | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const lookalike = lookalikeIdentifier(value as Record<string, unknown>);
    if (lookalike) return lookalike;
  }
  const nested = NESTED_WRITES[key];
  if (nested && typeof value === 'object') {
    return {
      what: depth > 0 ? `${nested} inside a query (a data-modifying WITH clause)` : nested,
    };
  }
  if (key === 'into' && typeof value === 'object') {
    return { what: 'SELECT … INTO', why: 'it creates a table or writes variables/files' };
  }
  if (key === 'locks' && Array.isArray(value) && value.length > 0) {
    return { what: 'SELECT … FOR UPDATE / FOR SHARE', why: 'it locks rows' };
  }
  if (key === 'Function' && typeof value === 'object') {
    const fn = value as Record<string, unknown>;
    const name = objectNameTail(fn.name);
    if (name) return checkCall(name, fn, options.timeoutMs);
  }
  if (key === 'Table' && typeof value === 'object') {
    const table = value as Record<string, unknown>;
    const name = objectNameTail(table.name);
    if (name && table.args) return checkCall(name, table, options.timeoutMs);
    if (name && DENIED_TABLES.has(name.toLowerCase())) {
      return {
        what: `reading ${name}`,
        why: deniedFunction(name.toLowerCase()) ?? 'it bypasses the database engine',
      };
    }
    // DuckDB reads a file named like a table (`FROM 'data.csv'`); elsewhere such a name is an
    // error or a legacy quirk. Refused everywhere: a table name should not be a path.
    if (name && (objectNameQuote(table.name) === "'" || FILE_LIKE.test(name))) {
      return { what: `reading the file '${name}'`, why: 'ktx only reads tables of the connected database' };
    }
  }
  return undefined;
}
