import { createHash } from 'node:crypto';
import { extractAcronyms } from '../text/acronyms.js';
import { contentWords, literalKey, terms } from '../text/tokenize.js';
import type { Db } from './db.js';
import { type DocInput, embedText, type ValueInput } from './documents.js';

export function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function uniqueJoined(list: string[]): string {
  return [...new Set(list)].join(' ');
}

/**
 * Row-level writes of the index: documents (docs + FTS + vocabulary + acronyms) and literal
 * values. Vocabulary document frequencies are accumulated per batch and applied once, so a
 * full build does not pay one UPSERT per word occurrence.
 */
export class DocStore {
  private readonly wordDeltas = new Map<string, number>();
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insertDoc: db.prepare(
        `INSERT OR IGNORE INTO docs(id, file, kind, scope, connection, key, ref, title, summary, usage_mode, data,
           name_terms, summary_terms, body_terms, words, embed_hash, embed_text)
         VALUES (@id, @file, @kind, @scope, @connection, @key, @ref, @title, @summary, @usageMode, @data,
           @nameTerms, @summaryTerms, @bodyTerms, @words, @embedHash, @embedText)`,
      ),
      insertFts: db.prepare('INSERT INTO docs_fts(rowid, name, summary, body) VALUES (?, ?, ?, ?)'),
      insertAlias: db.prepare('INSERT INTO aliases(doc, short, long) VALUES (?, ?, ?)'),
      docsOfFile: db.prepare('SELECT rowid, words FROM docs WHERE file = ?'),
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
      wordRow: db.prepare('SELECT rowid, df FROM words WHERE word = ?'),
      insertWord: db.prepare('INSERT INTO words(word, stem, df) VALUES (?, ?, ?)'),
      updateWord: db.prepare('UPDATE words SET df = ? WHERE rowid = ?'),
      deleteWord: db.prepare('DELETE FROM words WHERE rowid = ?'),
      insertWordTri: db.prepare('INSERT INTO words_tri(rowid, word) VALUES (?, ?)'),
      deleteWordTri: db.prepare('DELETE FROM words_tri WHERE rowid = ?'),
    };
  }

  /** Inserts a document; returns false when another file already defines the same id. */
  insertDoc(doc: DocInput, file: string): boolean {
    const allText = `${doc.fields.name}\n${doc.fields.summary}\n${doc.fields.body}`;
    const docWords = [...new Set(contentWords(allText))].filter((word) => word.length <= 40);
    const text = embedText(doc);
    const nameTerms = terms(doc.fields.name);
    const summaryTerms = terms(doc.fields.summary);
    const bodyTerms = terms(doc.fields.body);
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
      nameTerms: uniqueJoined(nameTerms),
      summaryTerms: uniqueJoined(summaryTerms),
      bodyTerms: uniqueJoined(bodyTerms),
      words: docWords.join(' '),
      embedHash: sha(text),
      embedText: text,
    });
    if (result.changes === 0) return false;
    const rowid = Number(result.lastInsertRowid);
    this.stmts.insertFts.run(rowid, nameTerms.join(' '), summaryTerms.join(' '), bodyTerms.join(' '));
    for (const pair of extractAcronyms(doc.names, allText))
      this.stmts.insertAlias.run(rowid, pair.short, pair.long);
    for (const word of docWords) this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) + 1);
    return true;
  }

  deleteDocsOfFile(file: string): number {
    const rows = this.stmts.docsOfFile.all(file) as Array<{ rowid: number; words: string }>;
    for (const row of rows) {
      this.stmts.deleteFts.run(row.rowid);
      this.stmts.deleteAliases.run(row.rowid);
      this.stmts.deleteDoc.run(row.rowid);
      for (const word of row.words.split(' ')) {
        if (word) this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) - 1);
      }
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

  /** Applies the accumulated vocabulary changes (call inside the same transaction). */
  flushWords(): void {
    for (const [word, delta] of this.wordDeltas) {
      if (delta === 0) continue;
      const row = this.stmts.wordRow.get(word) as { rowid: number; df: number } | undefined;
      if (!row) {
        if (delta <= 0) continue;
        const inserted = this.stmts.insertWord.run(word, terms(word)[0] ?? word, delta);
        this.stmts.insertWordTri.run(inserted.lastInsertRowid, word);
      } else if (row.df + delta <= 0) {
        this.stmts.deleteWordTri.run(row.rowid);
        this.stmts.deleteWord.run(row.rowid);
      } else {
        this.stmts.updateWord.run(row.df + delta, row.rowid);
      }
    }
    this.wordDeltas.clear();
  }
}
