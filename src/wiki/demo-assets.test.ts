import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../../test/support/cli.js';
import { DEMO_ASSETS, writeDemoProject } from '../../test/support/demo-project.js';
import { loadSemanticLayer } from '../semantic/load.js';
import { SemanticCatalog } from './sl-refs.js';
import { loadPage, visiblePageFiles } from './store.js';
import { validateWiki } from './validate.js';

/** The spec of the demo warehouse, read from docs/demo-warehouse.md so assets and doc never drift. */
function demoSpec() {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'demo-warehouse.md'), 'utf8');
  const tables = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const row = /^\| `(\w+)` \| [\d,]+ \| .*? \| (.*) \|$/.exec(line);
    if (!row) continue;
    const columns = [
      ...row[2]!.matchAll(/`(\w+) (?:int|bigint|text|money|ts|date|bool|numeric\(12,6\))`/g),
    ].map((match) => match[1]!);
    tables.set(row[1]!, columns);
  }
  const curated = new Map<string, { measures: string[]; segments: string[] }>();
  const section = doc.slice(doc.indexOf('## Curated semantic layer'));
  for (const line of section.split('\n')) {
    const row = /^\| `(\w+)` \| (.*) \| (.*) \|$/.exec(line);
    if (!row) continue;
    const names = (cell: string) => [...cell.matchAll(/`(\w+)`/g)].map((match) => match[1]!);
    curated.set(row[1]!, { measures: names(row[2]!), segments: names(row[3]!) });
  }
  return { tables, curated };
}

const { dir, cleanup } = makeTempDir('ktx-demo-assets-');
afterAll(() => cleanup());
writeDemoProject(dir);

describe('demo semantic layer', () => {
  const layer = loadSemanticLayer(dir, 'warehouse');
  const spec = demoSpec();

  it('loads without issues, one source per table of the spec', () => {
    expect(layer.issues).toEqual([]);
    expect(spec.tables.size).toBe(14);
    expect(layer.sources.map((source) => source.name).sort()).toEqual([...spec.tables.keys()].sort());
    for (const source of layer.sources) expect(source.table).toBe(source.name);
  });

  it('declares every column of the spec with a description', () => {
    for (const source of layer.sources) {
      const expected = spec.tables.get(source.name)!;
      expect(expected.length, source.name).toBeGreaterThan(0);
      expect(source.columns.map((column) => column.name).sort(), source.name).toEqual([...expected].sort());
      expect(source.description, source.name).toBeTruthy();
      for (const column of source.columns)
        expect(column.description, `${source.name}.${column.name}`).toBeTruthy();
    }
  });

  it('has the curated measures and segments of the shared vocabulary', () => {
    expect(spec.curated.size).toBe(11);
    for (const [name, { measures, segments }] of spec.curated) {
      const source = layer.sources.find((s) => s.name === name)!;
      expect((source.measures ?? []).map((m) => m.name).sort(), name).toEqual([...measures].sort());
      expect((source.segments ?? []).map((s) => s.name).sort(), name).toEqual([...segments].sort());
    }
  });

  it('joins every relationship of the spec, declared or not, many-to-one from the referencing side', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'demo-warehouse.md'), 'utf8');
    const declared = [
      'subscriptions.account_id',
      'invoices.account_id',
      'invoice_line_items.invoice_id',
      'payments.invoice_id',
    ];
    const undeclared = [...doc.matchAll(/`(\w+)\.(\w+) → (\w+)`/g)].map((m) => ({
      from: m[1]!,
      column: m[2]!,
      to: m[3]!,
    }));
    expect(undeclared.length).toBe(15);
    const targets: Record<string, string> = {
      'subscriptions.account_id': 'accounts',
      'invoices.account_id': 'accounts',
      'invoice_line_items.invoice_id': 'invoices',
      'payments.invoice_id': 'invoices',
    };
    const all = [
      ...declared.map((ref) => ({ from: ref.split('.')[0]!, column: ref.split('.')[1]!, to: targets[ref]! })),
      ...undeclared,
    ];
    for (const rel of all) {
      const source = layer.sources.find((s) => s.name === rel.from)!;
      const join = (source.joins ?? []).find((j) => j.to === rel.to && j.on.startsWith(`${rel.column} =`));
      expect(join, `${rel.from}.${rel.column} → ${rel.to}`).toBeDefined();
      expect(join!.relationship).toBe('many_to_one');
    }
  });

  it('joins and grains name real columns on both sides', () => {
    const byName = new Map(layer.sources.map((source) => [source.name, source]));
    for (const source of layer.sources) {
      const own = new Set(source.columns.map((column) => column.name));
      for (const column of source.grain) expect(own, `${source.name} grain`).toContain(column);
      for (const join of source.joins ?? []) {
        const target = byName.get(join.to)!;
        expect(target, `${source.name} → ${join.to}`).toBeDefined();
        const match = /^(\w+) = (\w+)\.(\w+)$/.exec(join.on);
        expect(match, join.on).not.toBeNull();
        expect(own, join.on).toContain(match![1]);
        expect(match![2], join.on).toBe(join.alias ?? join.to);
        expect(
          target.columns.map((column) => column.name),
          join.on,
        ).toContain(match![3]);
      }
    }
  });

  it('sets a default time dimension on every source with a time or date column', () => {
    for (const source of layer.sources) {
      const timeColumns = source.columns
        .filter((c) => c.type === 'time' || c.type === 'date')
        .map((c) => c.name);
      if (timeColumns.length === 0) continue;
      expect(timeColumns, source.name).toContain(source.default_time_dimension);
    }
  });
});

describe('demo wiki', () => {
  const files = readdirSync(join(DEMO_ASSETS, 'wiki'));

  it('has at least 15 pages and every page validates against the demo semantic layer', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    const result = validateWiki(dir);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.pages).toBe(files.length);
  });

  it('every sl_ref resolves, every page references the semantic layer and links other pages', () => {
    const catalog = new SemanticCatalog(loadSemanticLayer(dir).sources);
    const pages = visiblePageFiles(dir, 'local').map((file) => loadPage(file));
    let refs = 0;
    for (const page of pages) {
      expect(page.parsed.frontmatter, page.key).toBeDefined();
      expect(page.slRefs.length, page.key).toBeGreaterThan(0);
      expect(page.links.length, page.key).toBeGreaterThan(0);
      for (const ref of page.slRefs) {
        expect(catalog.resolve(ref), `${page.key}: ${ref}`).toMatchObject({ ok: true });
        refs++;
      }
    }
    expect(refs).toBeGreaterThan(60);
  });

  it('covers the definitions, caveats and policies agents need, with every usage mode', () => {
    const keys = files.map((file) => file.replace(/\.md$/, ''));
    for (const key of [
      'arr',
      'mrr',
      'net-revenue',
      'active-customer',
      'churn',
      'test-accounts',
      'refunds',
      'soft-deletes',
      'time-zones',
      'currency-conversion',
      'fan-trap-invoice-lines',
      'chasm-trap-billing-and-support',
      'fiscal-calendar',
      'support-sla',
    ]) {
      expect(keys).toContain(key);
    }
    const modes = new Set(visiblePageFiles(dir, 'local').map((file) => loadPage(file).usageMode));
    expect([...modes].sort()).toEqual(['always', 'auto', 'never']);
  });
});
