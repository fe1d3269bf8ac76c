import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { writeDemoProject } from '../../test/support/demo-project.js';
import { writeDemoScan } from '../../test/support/demo-scan.js';
import { SearchIndex } from './search-index.js';

let dir: string;
let cleanup: () => void;
let index: SearchIndex;
let first: Awaited<ReturnType<SearchIndex['refresh']>>;

const page = (summary: string, body: string, extra = '') =>
  `---\nsummary: ${summary}\n${extra}---\n${body}\n`;

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('ktx-search-index-'));
  writeDemoProject(dir);
  writeDemoScan(dir);
  index = await SearchIndex.open({ projectDir: dir });
  first = await index.refresh();
});
afterAll(() => {
  index.close();
  cleanup();
});

describe('incremental indexing', () => {
  it('indexes every input file once, then nothing while files are unchanged', async () => {
    expect(first.added).toHaveLength(14 + 25 + 14);
    expect(first.added).toContain('wiki/global/arr.md');
    expect(first.added).toContain('semantic-layer/warehouse/subscriptions.yaml');
    expect(first.added).toContain('raw-sources/warehouse/tables/accounts.json');
    expect(first.errors).toEqual([]);
    expect(first.documents).toBeGreaterThan(150);
    expect(first.values).toBeGreaterThan(100);
    const second = await index.refresh();
    expect(second).toMatchObject({ added: [], updated: [], removed: [], touched: 0 });
    expect(second.documents).toBe(first.documents);
  });

  it('re-indexes only the file whose content changed', async () => {
    const file = join(dir, 'wiki', 'global', 'arr.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('# ARR', '# ARR (also called run-rate zorblax)'));
    const report = await index.refresh();
    expect(report.updated).toEqual(['wiki/global/arr.md']);
    expect(report.added).toEqual([]);
    const found = await index.search('zorblax', { refresh: 'never' });
    expect(found.results[0]).toMatchObject({ kind: 'wiki', key: 'arr' });
  });

  it('re-hashes a touched file but does not re-index identical content', async () => {
    const file = join(dir, 'wiki', 'global', 'mrr.md');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const report = await index.refresh();
    expect(report).toMatchObject({ updated: [], added: [], touched: 1 });
  });

  it('picks up new and deleted files on the next search (freshness check)', async () => {
    writeFileSync(
      join(dir, 'wiki', 'global', 'quokka-policy.md'),
      page('Quokka handling policy', 'Quokkas are counted weekly.'),
    );
    const found = await index.search('quokka');
    expect(found.refreshed).toEqual({ added: 1, updated: 0, removed: 0 });
    expect(found.results[0]).toMatchObject({ kind: 'wiki', key: 'quokka-policy', ref: 'quokka-policy' });
    rmSync(join(dir, 'wiki', 'global', 'quokka-policy.md'));
    const gone = await index.search('quokka');
    expect(gone.refreshed).toEqual({ added: 0, updated: 0, removed: 1 });
    expect(gone.results.filter((r) => r.key === 'quokka-policy')).toEqual([]);
  });

  it('re-indexes scanned tables of a connection when semantic coverage changes', async () => {
    const yaml = join(dir, 'semantic-layer', 'warehouse', 'features.yaml');
    const saved = readFileSync(yaml, 'utf8');
    rmSync(yaml);
    try {
      const report = await index.refresh();
      expect(report.removed).toEqual(['semantic-layer/warehouse/features.yaml']);
      expect(report.updated).toContain('raw-sources/warehouse/tables/features.json');
      // Without a source, the scanned table itself is searchable, and its values point at raw columns.
      const table = await index.search('features', { refresh: 'never', kinds: ['table'] });
      expect(table.results[0]).toMatchObject({ kind: 'table', ref: 'warehouse/features' });
      const value = await index.search('"Gantt charts"', { refresh: 'never', kinds: ['value', 'column'] });
      expect(value.results[0]).toMatchObject({
        kind: 'value',
        ref: 'warehouse/features.feature_name',
        values: ['Gantt charts'],
      });
    } finally {
      writeFileSync(yaml, saved);
    }
    const back = await index.refresh();
    expect(back.added).toEqual(['semantic-layer/warehouse/features.yaml']);
    expect((await index.search('features', { refresh: 'never', kinds: ['table'] })).results).toEqual([]);
  });

  it('reports files it cannot index and keeps the rest', async () => {
    const broken = join(dir, 'semantic-layer', 'warehouse', 'broken.yaml');
    writeFileSync(broken, 'name: broken\ncolumns: [oops\n');
    const report = await index.refresh();
    expect(report.errors).toMatchObject([{ file: 'semantic-layer/warehouse/broken.yaml' }]);
    expect(report.errors[0]!.message).toContain('YAML syntax error');
    rmSync(broken);
    await index.refresh();
  });

  it('rebuilds from scratch with force and finds the same documents', async () => {
    const before = index.stats();
    const report = await index.refresh({ force: true });
    expect(report.added).toHaveLength(14 + 25 + 14);
    expect(index.stats()).toEqual(before);
  });
});

describe('ranking', () => {
  it('finds a measure by its definition and the page that explains it', async () => {
    const response = await index.search('annual recurring revenue', { refresh: 'never', limit: 5 });
    const refs = response.results.map((r) => (r.kind === 'wiki' ? `wiki:${r.key}` : r.ref));
    expect(refs.slice(0, 2).sort()).toEqual(['warehouse/subscriptions.arr', 'wiki:arr']);
  });

  it('weights names above bodies', async () => {
    writeFileSync(
      join(dir, 'wiki', 'global', 'wombat-metrics.md'),
      page('Metric catalogue', 'Nothing to see.'),
    );
    writeFileSync(
      join(dir, 'wiki', 'global', 'zoo-notes.md'),
      page('Zoo notes', 'The wombat count, wombat food and wombat sleep are tracked here; wombat wombat.'),
    );
    const response = await index.search('wombat', { kinds: ['wiki'] });
    expect(response.results.map((r) => r.key)).toEqual(['wombat-metrics', 'zoo-notes']);
    rmSync(join(dir, 'wiki', 'global', 'wombat-metrics.md'));
    rmSync(join(dir, 'wiki', 'global', 'zoo-notes.md'));
  });

  it('corrects typos and expands abbreviations in the fuzzy lane', async () => {
    const typo = await index.search('custmer count', { refresh: 'never' });
    expect(typo.results[0]!.ref).toBe('warehouse/accounts.customer_count');
    expect(typo.results[0]!.lanes.fuzzy).toBe(1);
    const abbreviation = await index.search('qty on invoice lines', { refresh: 'never' });
    expect(abbreviation.results.slice(0, 3).map((r) => r.ref)).toContain(
      'warehouse/invoice_line_items.quantity',
    );
  });

  it('understands acronyms defined by the corpus in both directions', async () => {
    const short = await index.search('DAU', { refresh: 'never', limit: 3 });
    expect(short.results.map((r) => r.ref)).toContain('warehouse/events.active_users_daily');
    const long = await index.search('service level agreement', { refresh: 'never', limit: 3 });
    expect(long.results[0]).toMatchObject({ kind: 'wiki', key: 'support-sla' });
  });
});

describe('the value lane', () => {
  it('maps a literal to the column that holds it', async () => {
    const response = await index.search('Acme Corp', { refresh: 'never' });
    expect(response.results[0]).toMatchObject({
      kind: 'value',
      ref: 'warehouse/accounts.name',
      source: 'accounts',
      column: 'name',
      values: ['Acme Corp'],
    });
    expect(response.results[0]!.lanes.values).toBe(1);
  });

  it('matches part of a value and identifier-shaped literals inside a question', async () => {
    const partial = await index.search('Globex', { refresh: 'never', kinds: ['value'] });
    expect(partial.results.map((r) => [r.ref, r.values])).toEqual([
      ['warehouse/accounts.domain', ['globex.io']],
      ['warehouse/accounts.name', ['Globex Corporation']],
    ]);
    const code = await index.search('how many subscriptions are past_due', { refresh: 'never', limit: 3 });
    expect(code.results.map((r) => r.ref)).toContain('warehouse/subscriptions.status');
  });

  it('never indexes masked samples of sensitive columns', () => {
    const rows = index.db
      .prepare("SELECT count(*) AS n FROM value_rows WHERE column_name IN ('email', 'full_name')")
      .get() as { n: number };
    expect(rows.n).toBe(0);
    const names = index.db
      .prepare("SELECT count(*) AS n FROM value_rows WHERE ref = 'warehouse/accounts.name'")
      .get() as {
      n: number;
    };
    expect(names.n).toBe(20);
  });

  it('is skipped, not zeroed, when there are no scan profiles', async () => {
    const other = makeTempDir('ktx-search-noscan-');
    try {
      writeDemoProject(other.dir);
      const plain = await SearchIndex.open({ projectDir: other.dir });
      const response = await plain.search('Acme Corp');
      plain.close();
      expect(response.lanes.find((lane) => lane.lane === 'values')).toMatchObject({
        status: 'skipped',
        reason: 'no_scan_profiles',
      });
      expect(response.lanes.find((lane) => lane.lane === 'vector')).toMatchObject({
        status: 'skipped',
        reason: 'embeddings_not_configured',
      });
      // Scores are normalised over the lanes that ran: a document first in both running lanes scores 1.
      const top = await SearchIndex.open({ projectDir: other.dir });
      const arr = await top.search('arr', { limit: 1 });
      top.close();
      expect(arr.results[0]!.score).toBe(1);
    } finally {
      other.cleanup();
    }
  });
});

describe('visibility', () => {
  it('never returns usage_mode: never pages, in any search', async () => {
    const response = await index.search('legacy bookings metric', { refresh: 'never', limit: 50 });
    expect(response.results.some((r) => r.key === 'legacy-bookings-metric')).toBe(false);
    const wiki = await index.search('bookings', { refresh: 'never', kinds: ['wiki'], limit: 50 });
    expect(wiki.results.some((r) => r.key === 'legacy-bookings-metric')).toBe(false);
  });

  it("shows a user's own page instead of the global one, and never other users' pages", async () => {
    mkdirSync(join(dir, 'wiki', 'user', 'ana'), { recursive: true });
    mkdirSync(join(dir, 'wiki', 'user', 'ben'), { recursive: true });
    writeFileSync(
      join(dir, 'wiki', 'user', 'ana', 'churn.md'),
      page('Ana churn notes', 'Ana counts churn with the quetzal method.'),
    );
    writeFileSync(
      join(dir, 'wiki', 'user', 'ben', 'quetzal.md'),
      page('Ben quetzal scratch', 'Quetzal quetzal.'),
    );
    writeFileSync(
      join(dir, 'wiki', 'user', 'ben', 'arr.md'),
      page('hidden', 'Ben hides ARR.', 'usage_mode: never\n'),
    );
    const ana = await index.search('churn', { userId: 'ana', kinds: ['wiki'] });
    const churn = ana.results.filter((r) => r.key === 'churn');
    expect(churn).toMatchObject([{ scope: 'user', userId: 'ana', summary: 'Ana churn notes' }]);
    const anaQuetzal = await index.search('quetzal', { userId: 'ana', kinds: ['wiki'] });
    expect(anaQuetzal.results.map((r) => `${r.scope}:${r.key}`)).toEqual(['user:churn']);
    const local = await index.search('churn', { kinds: ['wiki'] });
    expect(local.results.find((r) => r.key === 'churn')).toMatchObject({ scope: 'global' });
    // Ben's `never` page shadows the global ARR page for Ben only.
    const ben = await index.search('annual recurring revenue', { userId: 'ben', kinds: ['wiki'] });
    expect(ben.results.some((r) => r.key === 'arr')).toBe(false);
    const others = await index.search('annual recurring revenue', { userId: 'ana', kinds: ['wiki'] });
    expect(others.results[0]).toMatchObject({ key: 'arr', scope: 'global' });
  });

  it('restricts semantic-layer searches to one connection', async () => {
    const response = await index.search('revenue', {
      refresh: 'never',
      connection: 'nope',
      kinds: ['measure'],
    });
    expect(response.results).toEqual([]);
    const ok = await index.search('revenue', {
      refresh: 'never',
      connection: 'warehouse',
      kinds: ['measure'],
    });
    expect(ok.results.length).toBeGreaterThan(0);
    expect(ok.results.every((r) => r.kind === 'measure' && r.connection === 'warehouse')).toBe(true);
  });
});

describe('a damaged index file', () => {
  it('is deleted and rebuilt from the project files', async () => {
    const other = makeTempDir('ktx-search-damaged-');
    try {
      writeDemoProject(other.dir);
      mkdirSync(join(other.dir, '.ktx'), { recursive: true });
      writeFileSync(join(other.dir, '.ktx', 'index.sqlite'), 'this is not a database'.repeat(200));
      const recovered = await SearchIndex.open({ projectDir: other.dir });
      const response = await recovered.search('annual recurring revenue', { limit: 1 });
      recovered.close();
      expect(response.results[0]!.ref).toBe('warehouse/subscriptions.arr');
    } finally {
      other.cleanup();
    }
  });
});

describe('a busy index', () => {
  it('answers from the index as it is, with a warning, while another process writes it', async () => {
    const other = makeTempDir('ktx-search-busy-');
    try {
      writeDemoProject(other.dir);
      const first = await SearchIndex.open({ projectDir: other.dir });
      await first.refresh();
      writeFileSync(join(other.dir, 'wiki', 'global', 'lemur.md'), page('Lemur notes', 'Lemurs.'));
      // Another connection holds the write lock (as a refreshing CLI process would).
      first.db.prepare('BEGIN IMMEDIATE').run();
      const second = await SearchIndex.open({ projectDir: other.dir });
      try {
        const response = await second.search('annual recurring revenue', { limit: 1 });
        expect(response.stale).toMatch(/could not be refreshed/);
        expect(response.results[0]!.ref).toBe('warehouse/subscriptions.arr');
      } finally {
        first.db.prepare('ROLLBACK').run();
        second.close();
        first.close();
      }
    } finally {
      other.cleanup();
    }
  }, 20_000);
});
