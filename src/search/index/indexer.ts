import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { TableSnapshot } from '../../scan/types.js';
import { parseSourceText } from '../../semantic/load.js';
import { loadPage, type WikiScope } from '../../wiki/store.js';
import { bumpGeneration, type Db, generation, getMeta, setMeta } from './db.js';
import { DocStore, sha } from './doc-store.js';
import {
  type DocInput,
  type SemanticSourceSummary,
  scanDocuments,
  sourceDocuments,
  wikiDocument,
} from './documents.js';
import { type InputFile, listInputs } from './inputs.js';

/**
 * Incremental indexing. A refresh lists the input files (stat only), hashes the ones whose size
 * or mtime moved, and re-indexes only files whose content hash changed. Scanned tables also
 * depend on which semantic sources cover them, so a change in that coverage re-indexes the
 * scan files of that connection (they are few: one per table).
 */

interface FileRow {
  path: string;
  kind: string;
  connection: string | null;
  hash: string;
  size: number;
  mtime_ms: number;
  info: string | null;
}

export interface RefreshReport {
  /** Input files seen. */
  files: number;
  added: string[];
  updated: string[];
  removed: string[];
  /** Files whose mtime moved but whose content did not. */
  touched: number;
  documents: number;
  values: number;
  errors: Array<{ file: string; message: string }>;
  durationMs: number;
}

interface SourceInfo extends SemanticSourceSummary {
  table?: string;
}

function tableParts(ref: string): string[] {
  return ref
    .split('.')
    .map((part) => part.replace(/^["'`[]|["'`\]]$/g, '').toLowerCase())
    .filter(Boolean);
}

/** The semantic source declared on a scanned table (`table: x` or `table: schema.x`), if any. */
export function coveringSource<S extends { table?: string }>(
  table: Pick<TableSnapshot, 'name' | 'schema'>,
  sources: S[],
): S | undefined {
  const name = table.name.toLowerCase();
  const schema = table.schema?.toLowerCase();
  return sources.find((source) => {
    if (!source.table) return false;
    const parts = tableParts(source.table);
    if (parts.at(-1) !== name) return false;
    return parts.length === 1 || !schema || parts.at(-2) === schema;
  });
}

export class Indexer {
  private rows: Map<string, FileRow> | undefined;
  private rowsGeneration = -1;

  constructor(
    private readonly db: Db,
    private readonly projectDir: string,
  ) {}

  /** Forgets cached file rows (after the index was reset). */
  invalidate(): void {
    this.rows = undefined;
  }

  private fileRows(): Map<string, FileRow> {
    const current = generation(this.db);
    if (!this.rows || this.rowsGeneration !== current) {
      const all = this.db
        .prepare('SELECT path, kind, connection, hash, size, mtime_ms, info FROM files')
        .all() as FileRow[];
      this.rows = new Map(all.map((row) => [row.path, row]));
      this.rowsGeneration = current;
    }
    return this.rows;
  }

  /** Brings the index up to date with the project files. Cheap when nothing changed. */
  refresh(): RefreshReport {
    const started = performance.now();
    const inputs = listInputs(this.projectDir);
    const rows = this.fileRows();
    const seen = new Set<string>();
    const changed = new Map<string, { input: InputFile; content: Buffer; hash: string }>();
    const touched: InputFile[] = [];
    for (const input of inputs) {
      seen.add(input.path);
      const row = rows.get(input.path);
      if (row && row.size === input.size && row.mtime_ms === input.mtimeMs) continue;
      let content: Buffer;
      try {
        content = readFileSync(input.abs);
      } catch {
        continue; // vanished between listing and reading: the next refresh sees it gone
      }
      const hash = sha(content);
      if (row && row.hash === hash) touched.push(input);
      else changed.set(input.path, { input, content, hash });
    }
    const removed = [...rows.keys()].filter((path) => !seen.has(path));
    const report: RefreshReport = {
      files: inputs.length,
      added: [],
      updated: [],
      removed,
      touched: touched.length,
      documents: 0,
      values: 0,
      errors: [],
      durationMs: 0,
    };
    if (changed.size > 0 || removed.length > 0 || touched.length > 0) {
      this.db.transaction(() => this.apply(changed, removed, touched, inputs, report)).immediate();
      this.rows = undefined;
    }
    const counts = this.db
      .prepare(
        'SELECT (SELECT count(*) FROM docs) AS documents, (SELECT count(*) FROM value_rows) AS "values"',
      )
      .get() as { documents: number; values: number };
    report.documents = counts.documents;
    report.values = counts.values;
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }

  private apply(
    changed: Map<string, { input: InputFile; content: Buffer; hash: string }>,
    removed: string[],
    touched: InputFile[],
    inputs: InputFile[],
    report: RefreshReport,
  ): void {
    const store = new DocStore(this.db);
    const current = this.db.prepare('SELECT hash FROM files WHERE path = ?');
    const upsertFile = this.db.prepare(
      `INSERT OR REPLACE INTO files(path, kind, connection, hash, size, mtime_ms, info, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const touchFile = this.db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE path = ?');
    const deleteFile = this.db.prepare('DELETE FROM files WHERE path = ?');

    for (const input of touched) touchFile.run(input.size, input.mtimeMs, input.path);
    for (const path of removed) {
      store.deleteDocsOfFile(path);
      store.deleteValuesOfFile(path);
      deleteFile.run(path);
    }
    const ordered = [...changed.values()].filter(({ input, hash }) => {
      // Another process may have indexed this exact content since we looked.
      const row = current.get(input.path) as { hash: string } | undefined;
      if (row?.hash === hash) {
        touchFile.run(input.size, input.mtimeMs, input.path);
        return false;
      }
      (row ? report.updated : report.added).push(input.path);
      return true;
    });
    const index = (input: InputFile, content: string, hash: string) => {
      store.deleteDocsOfFile(input.path);
      store.deleteValuesOfFile(input.path);
      const { info, error } = this.indexFile(store, input, content);
      if (error) report.errors.push({ file: input.path, message: error });
      upsertFile.run(
        input.path,
        input.kind,
        input.connection ?? null,
        hash,
        input.size,
        input.mtimeMs,
        info,
        error ?? null,
      );
    };
    // Semantic files first: scanned tables need to know which sources cover them.
    for (const { input, content, hash } of ordered.filter((c) => c.input.kind === 'sl')) {
      index(input, content.toString('utf8'), hash);
    }
    const rescan = this.connectionsWithNewCoverage();
    for (const { input, content, hash } of ordered.filter((c) => c.input.kind !== 'sl')) {
      index(input, content.toString('utf8'), hash);
    }
    for (const input of inputs) {
      if (input.kind !== 'scan' || !rescan.has(input.connection!) || changed.has(input.path)) continue;
      const content = readFileSync(input.abs, 'utf8');
      index(input, content, sha(content));
      report.updated.push(input.path);
    }
    store.flushWords();
    bumpGeneration(this.db);
  }

  private coverage = new Map<string, SourceInfo[]>();

  /** Connections whose table → source coverage changed; caches the coverage for indexFile. */
  private connectionsWithNewCoverage(): Set<string> {
    const rows = this.db
      .prepare("SELECT connection, info FROM files WHERE kind = 'sl' AND info IS NOT NULL ORDER BY path")
      .all() as Array<{ connection: string; info: string }>;
    const byConnection = new Map<string, SourceInfo[]>();
    for (const row of rows) {
      const list = byConnection.get(row.connection) ?? [];
      list.push(...(JSON.parse(row.info) as SourceInfo[]));
      byConnection.set(row.connection, list);
    }
    const scanned = this.db
      .prepare("SELECT DISTINCT connection FROM files WHERE kind = 'scan'")
      .all() as Array<{ connection: string }>;
    const connections = new Set([...byConnection.keys(), ...scanned.map((row) => row.connection)]);
    const stale = new Set<string>();
    this.coverage = byConnection;
    for (const connection of connections) {
      const signature = sha(JSON.stringify(byConnection.get(connection) ?? []));
      if (getMeta(this.db, `coverage:${connection}`) !== signature) {
        setMeta(this.db, `coverage:${connection}`, signature);
        stale.add(connection);
      }
    }
    return stale;
  }

  private indexFile(
    store: DocStore,
    input: InputFile,
    content: string,
  ): { info: string | null; error?: string } {
    const insert = (docs: DocInput[]) => {
      for (const doc of docs) store.insertDoc(doc, input.path);
    };
    if (input.kind === 'sl') {
      const parsed = parseSourceText(content, input.path, input.connection!);
      if (!parsed.source) {
        const first = parsed.issues.find((issue) => issue.severity === 'error');
        return {
          info: null,
          error: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid source',
        };
      }
      insert(sourceDocuments(parsed.source));
      const info: SourceInfo[] = [
        {
          name: parsed.source.name,
          table: parsed.source.table,
          columns: parsed.source.columns.map((c) => c.name),
        },
      ];
      return { info: JSON.stringify(info) };
    }
    if (input.kind === 'scan') {
      let table: TableSnapshot;
      try {
        table = JSON.parse(content) as TableSnapshot;
        if (typeof table.key !== 'string' || !Array.isArray(table.columns))
          throw new Error('not a table snapshot');
      } catch (error) {
        return { info: null, error: `cannot read table snapshot: ${(error as Error).message}` };
      }
      const source = coveringSource(table, this.coverage.get(input.connection!) ?? []);
      const { docs, values } = scanDocuments(table, input.connection!, { source });
      insert(docs);
      store.insertValues(values, input.path);
      return { info: JSON.stringify({ table: table.key }) };
    }
    const key = basename(input.path, '.md');
    const scope: WikiScope = input.scope === 'global' ? 'global' : 'user';
    const userId = scope === 'user' ? basename(dirname(input.path)) : undefined;
    const page = loadPage({ key, scope, userId, path: input.abs, file: input.path }, content);
    insert([wikiDocument(page)]);
    const invalid = page.parsed.issues.find((issue) => issue.severity === 'error');
    return {
      info: null,
      error: invalid ? `${invalid.path ? `${invalid.path}: ` : ''}${invalid.message}` : undefined,
    };
  }
}
