import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/cli.js';
import { writeDemoProject } from '../../test/support/demo-project.js';
import { KtxError } from '../core/errors.js';
import { initProject } from '../project/init.js';
import { writeWikiPage } from './write.js';

let dir: string;
let cleanup: () => void;
const warnings: string[] = [];
const warner = { warn: (w: { message: string }) => warnings.push(w.message) };
const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('ktx-wiki-write-'));
  initProject(dir);
  writeDemoProject(dir, { config: readFileSync(join(dir, 'ktx.yaml'), 'utf8') });
  git('add', '-A');
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'demo']);
});
afterAll(() => cleanup());

const valid =
  '---\nsummary: Gross margin definition\ntags: [finance]\nrefs: [net-revenue]\nsl_refs: [warehouse/payments.gross_payments]\n---\n# Gross margin\n\nSee [[refunds]].\n';

describe('wiki write', () => {
  it('writes a valid page atomically and commits it', () => {
    const result = writeWikiPage(dir, 'gross-margin', valid, { scope: 'global', userId: 'local', warner });
    expect(result).toMatchObject({ created: true, changed: true, file: 'wiki/global/gross-margin.md' });
    expect(readFileSync(join(dir, 'wiki/global/gross-margin.md'), 'utf8')).toBe(valid);
    expect(git('log', '-1', '--format=%s')).toBe('wiki: add gross-margin');
    expect(git('status', '--porcelain')).toBe('');
    expect(result.commit).toBe(git('rev-parse', 'HEAD'));
  });

  it('does nothing when the content is unchanged', () => {
    const head = git('rev-parse', 'HEAD');
    const result = writeWikiPage(dir, 'gross-margin', valid, { scope: 'global', userId: 'local', warner });
    expect(result).toMatchObject({ created: false, changed: false, commit: null });
    expect(git('rev-parse', 'HEAD')).toBe(head);
  });

  it('refuses invalid pages, naming each problem with the input position, and writes nothing', () => {
    const bad =
      '---\nsummary: 42\ntags: finance\nrefs: [net-revenu]\nsl_refs: [warehouse/refunds.refunded_amt]\n---\nSee [[missing-page]].\n';
    let error: unknown;
    try {
      writeWikiPage(dir, 'bad-page', bad, {
        scope: 'global',
        userId: 'local',
        warner,
        inputLabel: 'draft.md',
      });
    } catch (caught) {
      error = caught;
    }
    expect(KtxError.is(error)).toBe(true);
    const ktx = error as KtxError;
    expect(ktx.code).toBe('wiki_page_invalid');
    expect(ktx.message).toContain('draft.md:2:1  summary: expected string, got number 42');
    expect(ktx.message).toContain('draft.md:3:1  tags: expected array');
    expect(ktx.message).toContain('draft.md:4:8  refs[0]: no page "net-revenu"');
    expect(ktx.message).toContain('Did you mean "net-revenue"');
    expect(ktx.message).toContain(
      'draft.md:5:11  sl_refs[0]: source "warehouse/refunds" has no measure, column or segment "refunded_amt"',
    );
    expect(ktx.message).toContain('"warehouse/refunds.refunded_amount"');
    expect(ktx.message).toContain('draft.md:7:5  body: [[missing-page]] links to no page');
    expect(ktx.message).not.toContain('"bad-page"');
    // In file order, so people can fix them top to bottom.
    const lines = (ktx.details!.issues as Array<{ line: number }>).map((issue) => issue.line);
    expect(lines).toEqual([2, 3, 4, 5, 7]);
    expect(existsSync(join(dir, 'wiki/global/bad-page.md'))).toBe(false);
  });

  it('rejects keys that are not flat lowercase names, suggesting one', () => {
    expect(() =>
      writeWikiPage(dir, 'Finance/Margin', valid, { scope: 'global', userId: 'local', warner }),
    ).toThrow(/Invalid wiki key "Finance\/Margin"/);
    try {
      writeWikiPage(dir, 'Finance/Margin', valid, { scope: 'global', userId: 'local', warner });
    } catch (error) {
      expect((error as KtxError).hint).toContain('"finance-margin"');
    }
  });

  it("writes user pages under wiki/user/<id>/, which may link to the user's own pages", () => {
    writeWikiPage(dir, 'my-scratch', '---\nsummary: scratch\n---\nnotes\n', {
      scope: 'user',
      userId: 'ana',
      warner,
    });
    const linking = '---\nsummary: mine\nrefs: [my-scratch, arr]\n---\nbody\n';
    const result = writeWikiPage(dir, 'mine', linking, { scope: 'user', userId: 'ana', warner });
    expect(result.file).toBe('wiki/user/ana/mine.md');
    expect(git('log', '-1', '--format=%s')).toBe('wiki: add ana/mine');
    // The same refs from a global page fail: global pages cannot see user pages.
    expect(() => writeWikiPage(dir, 'mine', linking, { scope: 'global', userId: 'ana', warner })).toThrow(
      /no page "my-scratch"/,
    );
  });

  it('returns unknown frontmatter fields as warnings and still writes', () => {
    const result = writeWikiPage(dir, 'with-owner', '---\nsummary: x\nowner: finance\n---\nbody\n', {
      scope: 'global',
      userId: 'local',
      warner,
    });
    expect(result.changed).toBe(true);
    expect(result.warnings).toMatchObject([{ code: 'frontmatter_unknown_field', path: 'owner', line: 3 }]);
  });
});
