import { stem } from '../text/stem.js';
import { QUERY_FILLER, STOPWORDS } from '../text/stopwords.js';
import { literalKey, words } from '../text/tokenize.js';
import { prepared } from './sql.js';
import type { LaneContext, LaneHit, ValueEvidence } from './types.js';

/**
 * The value lane maps literals in a query to the columns that hold them, using the values the
 * scan profiled (top values and samples): "Acme Corp" → accounts.name, "EUR" → invoices.currency.
 * Every word sequence of the query is looked up exactly; longer ones also as substrings of
 * values ("Acme" finds "Acme Corp"). Confidence is lower when the literal is an ordinary word
 * of the documentation ("active", "paid") and when it appears in many columns.
 */

interface ValueRow {
  connection: string;
  table_key: string;
  column_name: string;
  ref: string;
  source: string | null;
  value: string;
  norm: string;
  freq: number | null;
}

const MAX_NGRAM = 6;

function isNoise(token: string): boolean {
  return STOPWORDS.has(token) || QUERY_FILLER.has(token);
}

/** Word n-grams of the query (stop words allowed inside, not at the edges) plus quoted phrases. */
export function literalCandidates(raw: string): Array<{ text: string; quoted: boolean }> {
  const out = new Map<string, boolean>();
  for (const match of raw.matchAll(/"([^"]+)"|'([^']+)'/g)) {
    const key = literalKey(match[1] ?? match[2] ?? '');
    if (key) out.set(key, true);
  }
  const tokens = words(raw).slice(0, 40);
  for (let i = 0; i < tokens.length; i++) {
    if (isNoise(tokens[i]!)) continue;
    for (let n = 1; n <= MAX_NGRAM && i + n <= tokens.length; n++) {
      const last = tokens[i + n - 1]!;
      if (isNoise(last)) continue;
      const text = tokens.slice(i, i + n).join(' ');
      if (text.length >= 2 && !out.has(text)) out.set(text, false);
    }
  }
  return [...out].map(([text, quoted]) => ({ text, quoted }));
}

/**
 * How much a query literal looks like a value rather than a word: quoted text, identifiers
 * (`past_due`, `INV-000123`), all-caps codes (`EUR`) and multi-word phrases are strong; a plain
 * lowercase word that the documentation also uses ("price", "high") is weak.
 */
function literalStrength(text: string, raw: string, quoted: boolean, docFrequency: number): number {
  if (quoted || text.includes(' ') || /\d/.test(text) || docFrequency === 0) return 1;
  const tokens = raw.split(/[^\p{L}\p{N}_./-]+/u).filter(Boolean);
  const original = tokens.find((token) => literalKey(token) === text);
  if (original && (/[_./-]/.test(original) || (original.length >= 2 && original === original.toUpperCase())))
    return 1;
  if (original && /^\p{Lu}/u.test(original) && tokens[0] !== original) return 0.6;
  return 0.4 / (1 + Math.log2(1 + docFrequency));
}

interface Candidate {
  row: ValueRow;
  confidence: number;
}

export function valuesLane(ctx: LaneContext): LaneHit[] | string {
  if (!ctx.filter.kinds.includes('value')) return 'not_requested';
  const any = prepared(ctx.db, 'SELECT 1 FROM value_rows LIMIT 1').get();
  if (!any) return 'no_scan_profiles';
  const conditions = [
    ...(ctx.filter.connection ? ['v.connection = @connection'] : []),
    ...(ctx.filter.semanticOnly ? ['v.source IS NOT NULL'] : []),
  ];
  const where = conditions.length ? ` AND ${conditions.join(' AND ')}` : '';
  const columns = 'v.connection, v.table_key, v.column_name, v.ref, v.source, v.value, v.norm, v.freq';
  const exact = prepared(ctx.db, `SELECT ${columns} FROM value_rows v WHERE v.norm = @text${where} LIMIT 50`);
  const partial = prepared(
    ctx.db,
    `SELECT ${columns} FROM value_tri t JOIN value_rows v ON v.rowid = t.rowid
     WHERE value_tri MATCH @match${where} LIMIT 50`,
  );
  const params = { connection: ctx.filter.connection };
  // A value hit and the column's own document are the same answer: fuse them under one key.
  const columnDoc = prepared(ctx.db, 'SELECT rowid FROM docs WHERE id = ? OR id = ? LIMIT 1');
  const keyFor = (row: ValueRow): string => {
    const doc = columnDoc.get(`column:${row.ref}`, `raw-column:${row.ref}`) as { rowid: number } | undefined;
    return doc ? `doc:${doc.rowid}` : `value:${row.connection}:${row.ref}`;
  };
  const found: Candidate[] = [];
  for (const { text, quoted } of literalCandidates(ctx.raw)) {
    const tokens = text.split(' ');
    const df = tokens.length === 1 ? ctx.vocabulary.df(stem(tokens[0]!)) : 0;
    const strength = literalStrength(text, ctx.raw, quoted, df);
    const rows = exact.all({ ...params, text }) as ValueRow[];
    const columnsHit = new Set(rows.map((row) => row.ref)).size || 1;
    const rawLower = ctx.raw.toLowerCase();
    for (const row of rows) {
      // Spelled exactly as stored (case and punctuation aside from letter case) beats a normalised match.
      const verbatim = rawLower.includes(row.value.toLowerCase()) ? 1 : 0.9;
      found.push({ row, confidence: (strength * verbatim) / Math.sqrt(columnsHit) });
    }
    if (text.length < 4) continue;
    const partialRows = (
      partial.all({ ...params, match: `"${text.replace(/"/g, '""')}"` }) as ValueRow[]
    ).filter((row) => row.norm !== text);
    const partialColumns = new Set(partialRows.map((row) => row.ref)).size || 1;
    for (const row of partialRows) {
      const share = text.length / row.norm.length;
      found.push({ row, confidence: (0.6 * share * strength) / Math.sqrt(partialColumns) });
    }
  }
  const byColumn = new Map<
    string,
    { confidence: number; evidence: ValueEvidence; freq: number; matches: Map<string, number> }
  >();
  for (const { row, confidence } of found) {
    const key = keyFor(row);
    const entry = byColumn.get(key) ?? {
      confidence: 0,
      freq: 0,
      matches: new Map<string, number>(),
      evidence: {
        connection: row.connection,
        ref: row.ref,
        table: row.table_key,
        column: row.column_name,
        source: row.source ?? undefined,
        values: [],
      },
    };
    entry.confidence = Math.max(entry.confidence, confidence);
    entry.freq = Math.max(entry.freq, row.freq ?? 0);
    entry.matches.set(row.value, Math.max(entry.matches.get(row.value) ?? 0, confidence));
    byColumn.set(key, entry);
  }
  // Report the values that explain the hit: the best ones, not every weak partial match.
  for (const entry of byColumn.values()) {
    entry.evidence.values = [...entry.matches]
      .filter(([, confidence]) => confidence >= entry.confidence / 2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([value]) => value);
  }
  return [...byColumn]
    .sort(([, a], [, b]) => b.confidence - a.confidence || b.freq - a.freq)
    .slice(0, ctx.pool)
    .map(([key, entry]) => ({ key, confidence: Math.min(1, entry.confidence), value: entry.evidence }));
}
