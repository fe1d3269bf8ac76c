import type { Dialect } from '../types.js';

/**
 * The SQL parser behind the read-only gate: datafusion's sqlparser-rs compiled to WASM. It is
 * loaded on first use (compiling the module costs tens of milliseconds, which commands that
 * never parse SQL must not pay); the connector overlaps that work with opening its session.
 */

export interface SqlComment {
  commentType: 'singleLine' | 'multiLine' | string;
  content: string;
  prefix?: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface ParsedSql {
  /** serde JSON of sqlparser-rs `Statement`s: `{ Query: {…} }`, or a bare string for unit variants. */
  statements: unknown[];
  comments: SqlComment[];
}

type ParserModule = typeof import('@guanmingchiu/sqlparser-ts');

let loading: Promise<ParserModule> | undefined;

/**
 * Compiles and instantiates the WASM module ourselves before the package's `init()` runs: its
 * generic loader touches the `Request` global, which makes Node load its whole fetch
 * implementation (~20 ms) for nothing. The bindings module is a singleton, so the package then
 * finds it initialised. Falls back to the package's own loader if the layout ever changes.
 */
async function preinitialise(): Promise<void> {
  try {
    const { createRequire } = await import('node:module');
    const { readFile } = await import('node:fs/promises');
    const { dirname, join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const root = join(
      dirname(createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts')),
      '..',
      'wasm',
    );
    const [bytes, glue] = await Promise.all([
      readFile(join(root, 'sqlparser_rs_wasm_bg.wasm')),
      import(pathToFileURL(join(root, 'sqlparser_rs_wasm.js')).href) as Promise<{
        initSync(options: { module: unknown }): unknown;
      }>,
    ]);
    // A 3.5 MB module used for a few parses per process: baseline (Liftoff) code only, and
    // function bodies validated when first called, cut its start-up CPU by about a fifth.
    // These flags only affect WebAssembly compiled from here on.
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--liftoff-only');
    v8.setFlagsFromString('--wasm-lazy-validation');
    const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } })
      .WebAssembly;
    glue.initSync({ module: await wasm.compile(bytes) });
  } catch {
    // the package's init() below does it the slow way
  }
}

function loadParser(): Promise<ParserModule> {
  loading ??= (async () => {
    const [module] = await Promise.all([import('@guanmingchiu/sqlparser-ts'), preinitialise()]);
    await module.init();
    return module;
  })();
  return loading;
}

/** The parser's name for each ktx dialect. */
export const PARSER_DIALECT: Record<Dialect, string> = {
  sqlite: 'sqlite',
  duckdb: 'duckdb',
  postgres: 'postgresql',
  mysql: 'mysql',
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  sqlserver: 'mssql',
  clickhouse: 'clickhouse',
};

export class SqlParseError extends Error {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.name = 'SqlParseError';
    this.line = line;
    this.column = column;
  }
}

/** Parses `sql` in `dialect`; throws SqlParseError (never anything else) when it cannot. */
export async function parseSql(sql: string, dialect: Dialect): Promise<ParsedSql> {
  const parser = await loadParser();
  try {
    const result = parser.parseWithComments(
      sql,
      PARSER_DIALECT[dialect] as Parameters<ParserModule['parseWithComments']>[1],
    ) as unknown as ParsedSql;
    return { statements: result.statements ?? [], comments: result.comments ?? [] };
  } catch (error) {
    const err = error as { message?: string; location?: { line: number; column: number } };
    const message = String(err?.message ?? error).replace(/^sql parser error:\s*/i, '');
    return Promise.reject(new SqlParseError(message, err?.location?.line, err?.location?.column));
  }
}
