import { describe, expect, it } from 'vitest';
import { frontmatterPosition, parseWikiPage } from './page.js';

const page = (frontmatter: string, body = '# Title\n\nBody.') => `---\n${frontmatter}\n---\n${body}\n`;

describe('wiki page frontmatter', () => {
  it('accepts a complete page and applies defaults', () => {
    const parsed = parseWikiPage(page('summary: Net revenue definition\ntags: [finance]'), 'p.md');
    expect(parsed.issues).toEqual([]);
    expect(parsed.frontmatter).toEqual({
      summary: 'Net revenue definition',
      tags: ['finance'],
      refs: [],
      sl_refs: [],
      usage_mode: 'auto',
    });
    expect(parsed.title).toBe('Title');
  });

  it('reports a missing frontmatter block at 1:1 with the fix', () => {
    const parsed = parseWikiPage('# Just markdown\n', 'notes.md');
    expect(parsed.frontmatter).toBeUndefined();
    expect(parsed.issues[0]).toMatchObject({
      code: 'frontmatter_missing',
      line: 1,
      col: 1,
      severity: 'error',
    });
    expect(parsed.issues[0]!.fix).toContain('---');
  });

  it('reports a missing summary and wrong types with file line:col', () => {
    const parsed = parseWikiPage(page('tags: finance\nusage_mode: sometimes'), 'p.md');
    expect(parsed.frontmatter).toBeUndefined();
    const byPath = Object.fromEntries(parsed.issues.map((issue) => [issue.path, issue]));
    expect(byPath.summary).toMatchObject({
      code: 'frontmatter_invalid',
      message: expect.stringContaining('required'),
    });
    // Line numbers are in the page file: the YAML starts on line 2, after `---`.
    expect(byPath.tags).toMatchObject({
      line: 2,
      col: 1,
      message: expect.stringContaining('expected array'),
    });
    expect(byPath.usage_mode).toMatchObject({ line: 3 });
    expect(byPath.usage_mode!.message).toContain('always, auto, never');
  });

  it('suggests the closest usage mode', () => {
    const parsed = parseWikiPage(page('summary: x\nusage_mode: allways'), 'p.md');
    expect(parsed.issues[0]!.message).toContain('Did you mean "always"');
  });

  it('warns (not fails) on unknown fields, with a suggestion', () => {
    const parsed = parseWikiPage(page('summary: x\nsl_ref: [a/b]'), 'p.md');
    expect(parsed.frontmatter).toBeDefined();
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ severity: 'warning', path: 'sl_ref', line: 3 });
    expect(parsed.issues[0]!.fix).toContain('sl_refs');
  });

  it('reports YAML syntax errors with their position', () => {
    const parsed = parseWikiPage(page('summary: [unclosed'), 'p.md');
    expect(parsed.issues[0]!.message).toMatch(/YAML syntax error/);
    expect(parsed.issues[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('extracts [[wikilinks]] with positions, ignoring code', () => {
    const body =
      'See [[net-revenue]] and [[arr|ARR]].\n\n`[[not-a-link]]`\n\n```\n[[also-not]]\n```\n[[churn#logo]]';
    const parsed = parseWikiPage(page('summary: x', body), 'p.md');
    expect(parsed.links.map((link) => link.target)).toEqual(['net-revenue', 'arr', 'churn']);
    expect(parsed.links[0]).toMatchObject({ line: 4, col: 5 });
  });

  it('locates list items for issues found after parsing', () => {
    const parsed = parseWikiPage(page('summary: x\nsl_refs:\n  - a/b\n  - c/d'), 'p.md');
    expect(frontmatterPosition(parsed, ['sl_refs', 1])).toEqual({ line: 5, col: 5 });
  });
});
