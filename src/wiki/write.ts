import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';
import { commitIfOwned } from '../project/commit.js';
import { assertValidKey, assertValidUserId } from './keys.js';
import { parseWikiPage, type WikiIssue } from './page.js';
import { listAllPageFiles, pagePath, type WikiScope } from './store.js';
import { checkPageRefs, formatWikiIssue, loadCatalog, visibleKeysFor } from './validate.js';

export interface WikiWriteOptions {
  scope: WikiScope;
  userId: string;
  /** Name of the input in messages (the `--file` path); defaults to the target file. */
  inputLabel?: string;
  /** Commit to the project repository (default true). */
  commit?: boolean;
  warner: { warn(warning: { code: string; message: string; fix?: string }): void };
}

export interface WikiWriteResult {
  key: string;
  scope: WikiScope;
  userId?: string;
  file: string;
  created: boolean;
  changed: boolean;
  commit: string | null;
  warnings: WikiIssue[];
}

/**
 * Validates a page (frontmatter types, refs, wikilinks, sl_refs) and only then writes it
 * atomically and commits it. Nothing is written when anything is wrong.
 */
export function writeWikiPage(
  projectDir: string,
  key: string,
  text: string,
  options: WikiWriteOptions,
): WikiWriteResult {
  assertValidKey(key);
  if (options.scope === 'user') assertValidUserId(options.userId);
  const path = pagePath(projectDir, key, options.scope, options.userId);
  const file = relative(projectDir, path);
  const label = options.inputLabel ?? file;
  const parsed = parseWikiPage(text, label);
  const pages = listAllPageFiles(projectDir).pages;
  const { catalog } = loadCatalog(projectDir);
  const issues = [
    ...parsed.issues,
    ...checkPageRefs(
      { key, file: label, parsed },
      { visibleKeys: visibleKeysFor(pages, options.scope, options.userId), catalog },
    ),
  ];
  const errors = issues
    .filter((issue) => issue.severity === 'error')
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  if (errors.length > 0) {
    const lines = errors.map(
      (issue) => `  ${formatWikiIssue(issue)}${issue.fix ? `\n      fix: ${issue.fix}` : ''}`,
    );
    throw new KtxError(
      'wiki_page_invalid',
      `${label} was not saved: ${errors.length} problem${errors.length === 1 ? '' : 's'}.\n${lines.join('\n')}`,
      {
        hint: 'Fix the problems above and run the command again.',
        details: { issues: errors },
      },
    );
  }
  const content = text.endsWith('\n') ? text : `${text}\n`;
  const created = !existsSync(path);
  const changed = created || readFileSync(path, 'utf8') !== content;
  let commit: string | null = null;
  if (changed) {
    writeFileAtomic(path, content);
    if (options.commit !== false) {
      const where = options.scope === 'global' ? key : `${options.userId}/${key}`;
      commit = commitIfOwned(
        projectDir,
        `wiki: ${created ? 'add' : 'update'} ${where}`,
        [file],
        options.warner,
      );
    }
  }
  return {
    key,
    scope: options.scope,
    userId: options.scope === 'user' ? options.userId : undefined,
    file,
    created,
    changed,
    commit,
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  };
}
