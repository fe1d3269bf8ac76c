import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KtxError } from '../core/errors.js';
import { nearest } from '../core/text.js';
import { projectPaths } from '../project/layout.js';
import type { UsageMode } from './frontmatter.js';
import { assertValidUserId, isValidKey, USER_ID_PATTERN } from './keys.js';
import { type ParsedPage, parseWikiPage } from './page.js';

/**
 * Page files on disk. Scopes: `wiki/global/<key>.md` (shared) and `wiki/user/<id>/<key>.md`
 * (personal). For a given user, their page shadows the global page of the same key.
 */

export type WikiScope = 'global' | 'user';

export interface WikiPageFile {
  key: string;
  scope: WikiScope;
  /** Owner of a user page. */
  userId?: string;
  /** Absolute path. */
  path: string;
  /** Project-relative path. */
  file: string;
}

export interface WikiPage extends WikiPageFile {
  text: string;
  parsed: ParsedPage;
  summary: string;
  tags: string[];
  refs: string[];
  slRefs: string[];
  usageMode: UsageMode;
  source?: string;
  title: string;
  body: string;
  /** Keys of every page this one links to (frontmatter refs and [[wikilinks]]). */
  links: string[];
}

export interface WikiFileListing {
  pages: WikiPageFile[];
  /** Markdown files that cannot be pages (bad key, nested folder), for `wiki validate`. */
  ignored: Array<{ file: string; reason: string }>;
}

function markdownIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

function nestedMarkdown(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.parentPath !== dir)
    .map((entry) => join(entry.parentPath, entry.name));
}

function scopeFiles(
  projectDir: string,
  dir: string,
  scope: WikiScope,
  userId: string | undefined,
  listing: WikiFileListing,
): void {
  for (const name of markdownIn(dir)) {
    const key = name.slice(0, -3);
    const path = join(dir, name);
    const file = relative(projectDir, path);
    if (!isValidKey(key)) {
      listing.ignored.push({
        file,
        reason: `"${key}" is not a valid page key (lowercase letters, digits, - and _)`,
      });
      continue;
    }
    listing.pages.push({ key, scope, userId, path, file });
  }
  for (const path of nestedMarkdown(dir)) {
    listing.ignored.push({
      file: relative(projectDir, path),
      reason: 'pages live directly in their scope folder',
    });
  }
}

/** User ids that have a folder under wiki/user/. */
export function wikiUserIds(projectDir: string): string[] {
  const dir = projectPaths(projectDir).wikiUser;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && USER_ID_PATTERN.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Every page file of every scope (global and all users). */
export function listAllPageFiles(projectDir: string): WikiFileListing {
  const paths = projectPaths(projectDir);
  const listing: WikiFileListing = { pages: [], ignored: [] };
  scopeFiles(projectDir, paths.wikiGlobal, 'global', undefined, listing);
  for (const userId of wikiUserIds(projectDir)) {
    scopeFiles(projectDir, join(paths.wikiUser, userId), 'user', userId, listing);
  }
  return listing;
}

/** The pages one user sees: their own pages, plus global pages they do not shadow. */
export function visiblePageFiles(projectDir: string, userId: string): WikiPageFile[] {
  assertValidUserId(userId);
  const all = listAllPageFiles(projectDir).pages;
  const own = all.filter((page) => page.scope === 'user' && page.userId === userId);
  const ownKeys = new Set(own.map((page) => page.key));
  const global = all.filter((page) => page.scope === 'global' && !ownKeys.has(page.key));
  return [...own, ...global].sort((a, b) => a.key.localeCompare(b.key));
}

export function pagePath(projectDir: string, key: string, scope: WikiScope, userId: string): string {
  const paths = projectPaths(projectDir);
  return scope === 'global' ? join(paths.wikiGlobal, `${key}.md`) : join(paths.wikiUser, userId, `${key}.md`);
}

export function loadPage(file: WikiPageFile, text = readFileSync(file.path, 'utf8')): WikiPage {
  const parsed = parseWikiPage(text, file.file);
  const fm = parsed.lenient;
  const links = [...new Set([...fm.refs, ...parsed.links.map((link) => link.target)])];
  return {
    ...file,
    text,
    parsed,
    summary: fm.summary,
    tags: fm.tags,
    refs: fm.refs,
    slRefs: fm.sl_refs,
    usageMode: fm.usage_mode,
    source: fm.source,
    title: parsed.title ?? file.key,
    body: parsed.body,
    links,
  };
}

/** The page a user sees under `key` (their own first), or a KtxError with the nearest keys. */
export function readWikiPage(projectDir: string, key: string, userId: string): WikiPage {
  const visible = visiblePageFiles(projectDir, userId);
  const file = visible.find((page) => page.key === key);
  if (!file) {
    const close = nearest(
      key,
      visible.map((page) => page.key),
    );
    throw new KtxError('wiki_page_not_found', `No wiki page "${key}".`, {
      hint: close.length
        ? `Did you mean ${close.map((k) => `"${k}"`).join(', ')}? (\`ktx wiki list\` shows every page)`
        : 'Run `ktx wiki list` to see the pages, or `ktx wiki search "<words>"`.',
    });
  }
  return loadPage(file);
}

/** Every page a user sees, parsed. */
export function loadVisiblePages(projectDir: string, userId: string): WikiPage[] {
  return visiblePageFiles(projectDir, userId).map((file) => loadPage(file));
}
