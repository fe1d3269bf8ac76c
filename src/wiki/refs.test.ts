import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { writeDemoProject } from '../../test/support/demo-project.js';
import { loadSemanticLayer } from '../semantic/load.js';
import { SemanticCatalog } from './sl-refs.js';
import { validateWiki } from './validate.js';

const { dir, cleanup } = makeTempDir('ktx-wiki-refs-');
afterAll(() => cleanup());
writeDemoProject(dir);
const catalog = new SemanticCatalog(loadSemanticLayer(dir).sources);

describe('sl_ref resolution', () => {
  it('resolves sources, measures, columns and segments', () => {
    expect(catalog.resolve('warehouse/subscriptions')).toMatchObject({ ok: true, kind: 'source' });
    expect(catalog.resolve('warehouse/subscriptions.arr')).toMatchObject({ ok: true, kind: 'measure' });
    expect(catalog.resolve('warehouse/accounts.is_test')).toMatchObject({ ok: true, kind: 'column' });
    expect(catalog.resolve('warehouse/accounts.customers')).toMatchObject({ ok: true, kind: 'segment' });
  });

  it('suggests the nearest entity of the source', () => {
    const result = catalog.resolve('warehouse/subscriptions.arrr');
    expect(result).toMatchObject({ ok: false, code: 'sl_ref_unknown' });
    if (result.ok) throw new Error('unreachable');
    expect(result.message).toContain('has no measure, column or segment "arrr"');
    expect(result.suggestions).toContain('warehouse/subscriptions.arr');
  });

  it('points at the source that actually has the entity', () => {
    const result = catalog.resolve('warehouse/invoices.gross_payments');
    if (result.ok) throw new Error('expected a failure');
    expect(result.suggestions[0]).toBe('warehouse/payments.gross_payments');
  });

  it('suggests source and connection names', () => {
    const source = catalog.resolve('warehouse/subscription.arr');
    if (source.ok) throw new Error('expected a failure');
    expect(source.suggestions).toContain('warehouse/subscriptions.arr');
    const connection = catalog.resolve('warehous/subscriptions.arr');
    if (connection.ok) throw new Error('expected a failure');
    expect(connection.message).toContain('no semantic layer for connection "warehous"');
    expect(connection.suggestions).toEqual(['warehouse/subscriptions.arr']);
  });

  it('explains the syntax and fixes a missing connection', () => {
    const result = catalog.resolve('subscriptions.arr');
    if (result.ok) throw new Error('expected a failure');
    expect(result.code).toBe('sl_ref_malformed');
    expect(result.message).toContain('<connection>/<source>');
    expect(result.suggestions).toEqual(['warehouse/subscriptions.arr']);
  });
});

describe('wiki validate', () => {
  it('reports dangling page refs, wikilinks and sl_refs across scopes with positions and suggestions', () => {
    const local = makeTempDir('ktx-wiki-dangling-');
    try {
      writeDemoProject(local.dir);
      writeFileSync(
        join(local.dir, 'wiki', 'global', 'broken.md'),
        '---\nsummary: Broken refs\nrefs: [net-revenu]\nsl_refs:\n  - warehouse/subscriptions.arrr\n---\nSee [[Test Accounts]] and [[my-notes]].\n',
      );
      mkdirSync(join(local.dir, 'wiki', 'user', 'ana'), { recursive: true });
      writeFileSync(
        join(local.dir, 'wiki', 'user', 'ana', 'my-notes.md'),
        '---\nsummary: Ana notes\nrefs: [broken]\n---\nSee [[my-notes]].\n',
      );
      const result = validateWiki(local.dir);
      expect(result.valid).toBe(false);
      const issues = result.errors.filter((issue) => issue.file === 'wiki/global/broken.md');
      expect(issues.map((issue) => issue.code).sort()).toEqual([
        'ref_unknown',
        'sl_ref_unknown',
        'wikilink_unknown',
        'wikilink_unknown',
      ]);
      const ref = issues.find((issue) => issue.code === 'ref_unknown')!;
      expect(ref).toMatchObject({ line: 3, path: 'refs[0]' });
      expect(ref.fix).toContain('"net-revenue"');
      const sl = issues.find((issue) => issue.code === 'sl_ref_unknown')!;
      expect(sl).toMatchObject({ line: 5, col: 5 });
      expect(sl.fix).toContain('"warehouse/subscriptions.arr"');
      // A global page cannot see a user's page; the slug of an uppercase target is suggested.
      const links = issues.filter((issue) => issue.code === 'wikilink_unknown');
      expect(links.map((issue) => issue.message)).toEqual([
        '[[Test Accounts]] links to no page',
        '[[my-notes]] links to no page',
      ]);
      expect(links[0]!.fix).toContain('"test-accounts"');
      expect(links[0]).toMatchObject({ line: 7, col: 5 });
      // The user page sees global pages and its own.
      expect(result.errors.filter((issue) => issue.file.startsWith('wiki/user/'))).toEqual([]);
    } finally {
      local.cleanup();
    }
  });

  it('reports a measure renamed after pages referenced it', () => {
    const local = makeTempDir('ktx-wiki-rename-');
    try {
      writeDemoProject(local.dir);
      const file = join(local.dir, 'semantic-layer', 'warehouse', 'refunds.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('name: refunded_amount', 'name: refunded_amount_usd'),
      );
      const result = validateWiki(local.dir);
      const dangling = result.errors.filter((issue) => issue.code === 'sl_ref_unknown');
      expect(dangling.length).toBeGreaterThanOrEqual(2);
      expect(dangling.every((issue) => issue.message.includes('"refunded_amount"'))).toBe(true);
      expect(dangling[0]!.fix).toContain('warehouse/refunds.refunded_amount_usd');
    } finally {
      local.cleanup();
    }
  });

  it('warns about markdown files that cannot be pages', () => {
    const local = makeTempDir('ktx-wiki-ignored-');
    try {
      writeDemoProject(local.dir);
      writeFileSync(join(local.dir, 'wiki', 'global', 'Bad Name.md'), '---\nsummary: x\n---\n');
      mkdirSync(join(local.dir, 'wiki', 'global', 'nested'));
      writeFileSync(join(local.dir, 'wiki', 'global', 'nested', 'page.md'), '---\nsummary: x\n---\n');
      const result = validateWiki(local.dir);
      expect(result.valid).toBe(true);
      expect(result.warnings.map((w) => w.file).sort()).toEqual([
        'wiki/global/Bad Name.md',
        'wiki/global/nested/page.md',
      ]);
      expect(result.warnings[0]!.fix).toContain('bad-name');
    } finally {
      local.cleanup();
    }
  });
});
