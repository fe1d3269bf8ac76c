/**
 * Layout of `.ktx/index.sqlite`. The index is a cache: when this version changes, the old
 * index is dropped and rebuilt from the project files (which are the truth).
 *
 * FTS tables are contentless (the text lives in the files): they hold analysed terms only, and
 * rows are deleted by rowid. Column order of docs_fts (name, summary, body, facets) is what the
 * bm25 field weights refer to. `facets` holds filter tokens (kind, scope, connection, usage
 * mode; see facets.ts) so filters run inside FTS instead of joining every match.
 */
export const INDEX_SCHEMA_VERSION = '4';

export const INDEX_DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  connection TEXT,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  info TEXT,
  error TEXT
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  file TEXT NOT NULL,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  connection TEXT,
  key TEXT,
  ref TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  usage_mode TEXT NOT NULL,
  data TEXT,
  name_ids BLOB NOT NULL,
  summary_ids BLOB NOT NULL,
  body_ids BLOB NOT NULL,
  embed_hash TEXT NOT NULL,
  embed_text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_file ON docs(file);
CREATE INDEX IF NOT EXISTS docs_scope_key ON docs(scope, key);
CREATE INDEX IF NOT EXISTS docs_embed ON docs(embed_hash);

CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
  name, summary, body, facets, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
-- Stems numbered once, so each document keeps its per-field term sets as sorted int32 arrays
-- (name_ids, summary_ids, body_ids): the overlap lane tests membership by binary search.
CREATE TABLE IF NOT EXISTS term_ids (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);

CREATE VIRTUAL TABLE IF NOT EXISTS docs_vocab USING fts5vocab(docs_fts, 'row');

-- Surface words ever indexed, for typo and abbreviation matching. Append-only: a word whose
-- stem no longer occurs (fts5vocab df = 0) is ignored at query time.
CREATE TABLE IF NOT EXISTS words (
  rowid INTEGER PRIMARY KEY,
  word TEXT NOT NULL UNIQUE,
  stem TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS words_tri USING fts5(
  word, content='', contentless_delete=1, tokenize='trigram'
);

CREATE TABLE IF NOT EXISTS aliases (doc INTEGER NOT NULL, short TEXT NOT NULL, long TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_short ON aliases(short);
CREATE INDEX IF NOT EXISTS aliases_long ON aliases(long);
CREATE INDEX IF NOT EXISTS aliases_doc ON aliases(doc);

CREATE TABLE IF NOT EXISTS value_rows (
  rowid INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  connection TEXT NOT NULL,
  table_key TEXT NOT NULL,
  column_name TEXT NOT NULL,
  ref TEXT NOT NULL,
  source TEXT,
  value TEXT NOT NULL,
  norm TEXT NOT NULL,
  freq INTEGER
);
CREATE INDEX IF NOT EXISTS value_norm ON value_rows(norm);
CREATE INDEX IF NOT EXISTS value_file ON value_rows(file);
CREATE VIRTUAL TABLE IF NOT EXISTS value_tri USING fts5(
  norm, content='', contentless_delete=1, tokenize='trigram'
);

CREATE TABLE IF NOT EXISTS vectors (
  model TEXT NOT NULL,
  hash TEXT NOT NULL,
  dims INTEGER NOT NULL,
  vec BLOB NOT NULL,
  used_at INTEGER NOT NULL,
  PRIMARY KEY (model, hash)
) WITHOUT ROWID;
`;

export const INDEX_TABLES = [
  'meta',
  'files',
  'docs',
  'docs_fts',
  'docs_vocab',
  'term_ids',
  'words',
  'words_tri',
  'aliases',
  'value_rows',
  'value_tri',
  'vectors',
];
