import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { listAlwaysPages } from './always.js';
import { listAllPageFiles, readWikiPage, visiblePageFiles } from './store.js';

const { dir, cleanup } = makeTempDir('ktx-wiki-store-');
afterAll(() => cleanup());

function write(path: string, summary: string, mode = 'auto') {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), `---\nsummary: ${summary}\nusage_mode: ${mode}\n---\nBody of ${summary}.\n`);
}

write('wiki/global/net-revenue.md', 'global net revenue');
write('wiki/global/ground-rules.md', 'global rules', 'always');
write('wiki/global/old-metric.md', 'retired', 'never');
write('wiki/user/ana/net-revenue.md', 'ana net revenue');
write('wiki/user/ana/ground-rules.md', 'ana rules', 'auto');
write('wiki/user/ben/scratch.md', 'ben scratch', 'always');

describe('wiki scopes and shadowing', () => {
  it('lists every page file of every scope', () => {
    const listing = listAllPageFiles(dir);
    expect(listing.pages.map((p) => `${p.scope}:${p.userId ?? ''}:${p.key}`).sort()).toEqual([
      'global::ground-rules',
      'global::net-revenue',
      'global::old-metric',
      'user:ana:ground-rules',
      'user:ana:net-revenue',
      'user:ben:scratch',
    ]);
  });

  it("a user's page shadows the global page; other users' pages are invisible", () => {
    const ana = visiblePageFiles(dir, 'ana');
    expect(ana.map((p) => `${p.scope}:${p.key}`)).toEqual([
      'user:ground-rules',
      'user:net-revenue',
      'global:old-metric',
    ]);
    expect(readWikiPage(dir, 'net-revenue', 'ana').summary).toBe('ana net revenue');
    expect(readWikiPage(dir, 'net-revenue', 'local').summary).toBe('global net revenue');
    expect(() => readWikiPage(dir, 'scratch', 'ana')).toThrow(/No wiki page "scratch"/);
  });

  it('says which keys are close when a page does not exist', () => {
    try {
      readWikiPage(dir, 'net-revenu', 'local');
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as { code: string }).code).toBe('wiki_page_not_found');
      expect((error as { hint: string }).hint).toContain('"net-revenue"');
    }
  });

  it('always pages follow shadowing', () => {
    expect(listAlwaysPages(dir, 'local').map((p) => p.key)).toEqual(['ground-rules']);
    // Ana replaced the global ground rules with an `auto` page of her own.
    expect(listAlwaysPages(dir, 'ana').map((p) => p.key)).toEqual([]);
    expect(listAlwaysPages(dir, 'ben').map((p) => `${p.scope}:${p.key}`)).toEqual([
      'global:ground-rules',
      'user:scratch',
    ]);
    expect(listAlwaysPages(dir, 'ben')[0]!.body).toContain('Body of global rules.');
  });

  it('rejects user ids that could escape the wiki folder', () => {
    expect(() => visiblePageFiles(dir, '../global')).toThrow(/Invalid user id/);
  });
});
