import { createHash } from 'node:crypto';
import { extractAcronyms } from '../text/acronyms.js';
import { stem } from '../text/stem.js';
import { contentWords, literalKey } from '../text/tokenize.js';
import type { Db } from './db.js';
import { type DocInput, embedText, type ValueInput } from './documents.js';
import { facetTokens } from './facets.js';

export function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Sorted unique term ids as a little-endian int32 blob (see schema.ts). */
export function encodeIds(ids: number[]): Buffer {
  const sorted = Int32Array.from(ids).sort();
  return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
}

/**
 * Row-level writes of the index: documents (docs + FTS + term ids + acronyms), literal values,
 * and the surface-word vocabulary (collected per batch and written once).
 */
export class DocStore {
  private readonly newWords = new Set<string>();
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insertDoc: db.prepare(
        `INSERT OR IGNORE INTO docs(id, file, kind, scope, connection, key, ref, title, summary, usage_mode, data,
           name_ids, summary_ids, body_ids, embed_hash, embed_text)
         VALUES (@id, @file, @kind, @scope, @connection, @key, @ref, @title, @summary, @usageMode, @data,
           @nameIds, @summaryIds, @bodyIds, @embedHash, @embedText)`,
      ),
      insertFts: db.prepare(
        'INSERT INTO docs_fts(rowid, name, summary, body, facets) VALUES (?, ?, ?, ?, ?)',
      ),
      insertAlias: db.prepare('INSERT INTO aliases(doc, short, long) VALUES (?, ?, ?)'),
      docsOfFile: db.prepare('SELECT rowid FROM docs WHERE file = ?'),
      deleteFts: db.prepare('DELETE FROM docs_fts WHERE rowid = ?'),
      deleteAliases: db.prepare('DELETE FROM aliases WHERE doc = ?'),
      deleteDoc: db.prepare('DELETE FROM docs WHERE rowid = ?'),
      insertValue: db.prepare(
        `INSERT INTO value_rows(file, connection, table_key, column_name, ref, source, value, norm, freq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertValueTri: db.prepare('INSERT INTO value_tri(rowid, norm) VALUES (?, ?)'),
      valuesOfFile: db.prepare('SELECT rowid FROM value_rows WHERE file = ?'),
      deleteValueTri: db.prepare('DELETE FROM value_tri WHERE rowid = ?'),
      deleteValue: db.prepare('DELETE FROM value_rows WHERE rowid = ?'),
      insertWord: db.prepare('INSERT OR IGNORE INTO words(word, stem) VALUES (?, ?)'),
      insertWordTri: db.prepare('INSERT INTO words_tri(rowid, word) VALUES (?, ?)'),
      termId: db.prepare('SELECT id FROM term_ids WHERE term = ?'),
      insertTerm: db.prepare('INSERT INTO term_ids(term) VALUES (?)'),
    };
  }

  private readonly termIds = new Map<string, number>();

  private encodeTerms(terms: string[]): Buffer {
    return encodeIds([...new Set(terms)].map((term) => this.termId(term)));
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      const row = this.stmts.termId.get(term) as { id: number } | undefined;
      id = row ? row.id : Number(this.stmts.insertTerm.run(term).lastInsertRowid);
      this.termIds.set(term, id);
    }
    return id;
  }

  /** Inserts a document; returns false when another file already defines the same id. */
  insertDoc(doc: DocInput, file: string): boolean {
    const allText = `${doc.fields.name}\n${doc.fields.summary}\n${doc.fields.body}`;
    const nameWords = contentWords(doc.fields.name);
    const summaryWords = contentWords(doc.fields.summary);
    const bodyWords = contentWords(doc.fields.body);
    const docWords = [...new Set([...nameWords, ...summaryWords, ...bodyWords])].filter(
      (word) => word.length <= 40,
    );
    const text = embedText(doc);
    const nameTerms = nameWords.map(stem);
    const summaryTerms = summaryWords.map(stem);
    const bodyTerms = bodyWords.map(stem);
    const result = this.stmts.insertDoc.run({
      id: doc.id,
      file,
      kind: doc.kind,
      scope: doc.scope,
      connection: doc.connection ?? null,
      key: doc.key ?? null,
      ref: doc.ref,
      title: doc.title,
      summary: doc.summary,
      usageMode: doc.usageMode,
      data: doc.data ? JSON.stringify(doc.data) : null,
      nameIds: this.encodeTerms(nameTerms),
      summaryIds: this.encodeTerms(summaryTerms),
      bodyIds: this.encodeTerms(bodyTerms),
      embedHash: sha(text),
      embedText: text,
    });
    if (result.changes === 0) return false;
    const rowid = Number(result.lastInsertRowid);
    this.stmts.insertFts.run(
      rowid,
      nameTerms.join(' '),
      summaryTerms.join(' '),
      bodyTerms.join(' '),
      facetTokens(doc),
    );
    for (const pair of extractAcronyms(doc.names, allText))
      this.stmts.insertAlias.run(rowid, pair.short, pair.long);
    for (const word of docWords) this.newWords.add(word);
    return true;
  }

  deleteDocsOfFile(file: string): number {
    const rows = this.stmts.docsOfFile.all(file) as Array<{ rowid: number }>;
    for (const row of rows) {
      this.stmts.deleteFts.run(row.rowid);
      this.stmts.deleteAliases.run(row.rowid);
      this.stmts.deleteDoc.run(row.rowid);
    }
    return rows.length;
  }

  insertValues(values: ValueInput[], file: string): void {
    for (const value of values) {
      const norm = literalKey(value.value);
      if (!norm) continue;
      const result = this.stmts.insertValue.run(
        file,
        value.connection,
        value.tableKey,
        value.column,
        value.ref,
        value.source ?? null,
        value.value,
        norm,
        value.freq,
      );
      this.stmts.insertValueTri.run(result.lastInsertRowid, norm);
    }
  }

  deleteValuesOfFile(file: string): void {
    for (const row of this.stmts.valuesOfFile.all(file) as Array<{ rowid: number }>) {
      this.stmts.deleteValueTri.run(row.rowid);
      this.stmts.deleteValue.run(row.rowid);
    }
  }

  /** Records the batch's new surface words (call inside the same transaction). */
  flushWords(): void {
    for (const word of this.newWords) {
      const inserted = this.stmts.insertWord.run(word, stem(word));
      if (inserted.changes > 0) this.stmts.insertWordTri.run(inserted.lastInsertRowid, word);
    }
    this.newWords.clear();
  }
}
