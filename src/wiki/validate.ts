import { nearest } from '../core/text.js';
import { loadSemanticLayer } from '../semantic/load.js';
import { isValidKey, slugifyKey } from './keys.js';
import { frontmatterPosition, type ParsedPage, type WikiIssue } from './page.js';
import { SemanticCatalog } from './sl-refs.js';
import { listAllPageFiles, loadPage, type WikiPageFile } from './store.js';

/**
 * Reference checks shared by `wiki write` (one page, before it is saved) and `wiki validate`
 * (every page, e.g. after a measure was renamed): page refs and [[wikilinks]] must name pages
 * the page's readers can see; sl_refs must name real semantic-layer entities.
 */

export interface RefCheckContext {
  /** Keys visible from the page's scope: global pages see global keys, user pages also their own. */
  visibleKeys: Set<string>;
  catalog: SemanticCatalog;
}

function quoteList(items: string[]): string {
  return items.map((item) => `"${item}"`).join(', ');
}

function unknownPageFix(target: string, visible: Set<string>): string {
  const close = nearest(target, visible);
  const slug = slugifyKey(target);
  const suggestions = [...new Set([...(visible.has(slug) && slug !== target ? [slug] : []), ...close])];
  const didYouMean = suggestions.length ? `Did you mean ${quoteList(suggestions.slice(0, 3))}? ` : '';
  return `${didYouMean}Create that page first, point the reference at an existing key, or remove it.`;
}

export function checkPageRefs(
  page: { key: string; file: string; parsed: ParsedPage },
  ctx: RefCheckContext,
): WikiIssue[] {
  const issues: WikiIssue[] = [];
  const fm = page.parsed.lenient;
  const visible = new Set([...ctx.visibleKeys, page.key]);
  fm.refs.forEach((ref, index) => {
    if (visible.has(ref)) return;
    issues.push({
      severity: 'error',
      code: 'ref_unknown',
      file: page.file,
      ...frontmatterPosition(page.parsed, ['refs', index]),
      path: `refs[${index}]`,
      message: isValidKey(ref) ? `no page "${ref}"` : `"${ref}" is not a page key`,
      fix: unknownPageFix(ref, ctx.visibleKeys),
    });
  });
  for (const link of page.parsed.links) {
    if (visible.has(link.target)) continue;
    issues.push({
      severity: 'error',
      code: 'wikilink_unknown',
      file: page.file,
      line: link.line,
      col: link.col,
      path: 'body',
      message: `[[${link.target}]] links to no page`,
      fix: unknownPageFix(link.target, ctx.visibleKeys),
    });
  }
  fm.sl_refs.forEach((ref, index) => {
    const resolved = ctx.catalog.resolve(ref);
    if (resolved.ok) return;
    issues.push({
      severity: 'error',
      code: resolved.code,
      file: page.file,
      ...frontmatterPosition(page.parsed, ['sl_refs', index]),
      path: `sl_refs[${index}]`,
      message: resolved.message,
      fix: resolved.suggestions.length
        ? `Did you mean ${quoteList(resolved.suggestions)}?`
        : 'Use <connection>/<source> or <connection>/<source>.<measure|column|segment>; `ktx sl list` shows the names.',
    });
  });
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** Keys each scope can see: global pages see global keys; a user's pages also see their own. */
export function visibleKeysFor(
  pages: WikiPageFile[],
  scope: 'global' | 'user',
  userId: string | undefined,
): Set<string> {
  return new Set(
    pages
      .filter((page) => page.scope === 'global' || (scope === 'user' && page.userId === userId))
      .map((page) => page.key),
  );
}

export function loadCatalog(projectDir: string): { catalog: SemanticCatalog; invalidFiles: string[] } {
  const layer = loadSemanticLayer(projectDir);
  const invalidFiles = [
    ...new Set(layer.issues.filter((i) => i.severity === 'error').map((issue) => issue.file)),
  ];
  return { catalog: new SemanticCatalog(layer.sources), invalidFiles };
}

export interface WikiValidation {
  pages: number;
  valid: boolean;
  errors: WikiIssue[];
  warnings: WikiIssue[];
}

/** Checks every page of every scope: frontmatter, page refs, wikilinks, sl_refs. */
export function validateWiki(projectDir: string): WikiValidation {
  const listing = listAllPageFiles(projectDir);
  const { catalog, invalidFiles } = loadCatalog(projectDir);
  const issues: WikiIssue[] = [];
  for (const file of invalidFiles) {
    issues.push({
      severity: 'warning',
      code: 'semantic_layer_invalid',
      file,
      path: '',
      message: 'this semantic source does not load, so sl_refs into it are reported as unknown',
      fix: 'Fix it first (`ktx sl validate`).',
    });
  }
  for (const ignored of listing.ignored) {
    issues.push({
      severity: 'warning',
      code: 'page_ignored',
      file: ignored.file,
      path: '',
      message: `not a wiki page: ${ignored.reason}`,
      fix: `Move it to wiki/global/<key>.md or wiki/user/<user-id>/<key>.md with a key like "${slugifyKey(
        ignored.file.split(/[\\/]/).pop()!.replace(/\.md$/, ''),
      )}".`,
    });
  }
  for (const file of listing.pages) {
    const page = loadPage(file);
    issues.push(...page.parsed.issues);
    issues.push(
      ...checkPageRefs(page, {
        visibleKeys: visibleKeysFor(listing.pages, file.scope, file.userId),
        catalog,
      }),
    );
  }
  const errors = issues.filter((issue) => issue.severity === 'error');
  return {
    pages: listing.pages.length,
    valid: errors.length === 0,
    errors,
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  };
}

export function formatWikiIssue(issue: WikiIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}:${issue.col ?? 1}` : issue.file;
  return `${where}  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}
