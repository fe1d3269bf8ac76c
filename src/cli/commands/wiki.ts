import type { Command } from 'commander';
import { EXIT, KtxError, usageError } from '../../core/errors.js';
import { commandGroup } from '../command-group.js';
import { run } from '../runner.js';
import { readStdin } from '../stdin.js';

/** `ktx wiki list|read|write|validate|search`: business knowledge as Markdown pages. */

interface UserFlag {
  userId?: string;
}

async function readInput(file: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  if (file === '-') return readStdin();
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KtxError(
      'file_unreadable',
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      {
        hint: 'Pass the path of a Markdown file (or - for stdin) to --file.',
      },
    );
  }
}

export function registerWiki(program: Command): void {
  const wiki = commandGroup(
    program,
    'wiki',
    'Business knowledge as Markdown pages (definitions, caveats, policies)',
  );

  wiki
    .command('list')
    .description('List the pages you see (your own pages shadow global pages of the same key)')
    .option('--user-id <id>', 'whose pages (default: agents.user_id, then "local")')
    .action(
      run<UserFlag>(async (ctx, _args, flags) => {
        const project = await ctx.project();
        const { resolveUserId } = await import('../../wiki/keys.js');
        const { listAllPageFiles, loadPage, visiblePageFiles } = await import('../../wiki/store.js');
        const userId = resolveUserId(project, flags.userId);
        const shadowed = new Set(
          listAllPageFiles(project.dir)
            .pages.filter((page) => page.scope === 'global')
            .map((page) => page.key),
        );
        const pages = visiblePageFiles(project.dir, userId).map((file) => {
          const page = loadPage(file);
          return {
            key: page.key,
            scope: page.scope,
            userId: page.userId,
            summary: page.summary,
            tags: page.tags,
            usageMode: page.usageMode,
            file: page.file,
            shadowsGlobal: page.scope === 'user' && shadowed.has(page.key),
          };
        });
        const { formatTable } = await import('../../core/terminal.js');
        return {
          data: { userId, pages },
          human: () => {
            if (pages.length === 0)
              return 'No wiki pages yet. Add one with `ktx wiki write <key> --file page.md`.';
            const s = ctx.style;
            const rows = pages.map((page) => [
              s.bold(page.key),
              page.scope === 'global'
                ? 'global'
                : `user:${page.userId}${page.shadowsGlobal ? ' (shadows global)' : ''}`,
              page.usageMode === 'auto' ? s.dim('auto') : page.usageMode,
              page.summary.length > 80 ? `${page.summary.slice(0, 79)}…` : page.summary,
            ]);
            return formatTable([[s.dim('KEY'), s.dim('SCOPE'), s.dim('MODE'), s.dim('SUMMARY')], ...rows]);
          },
        };
      }),
    );

  wiki
    .command('read')
    .description('Print a page (yours first, then the global one)')
    .argument('<key>', 'page key, e.g. net-revenue')
    .option('--user-id <id>', 'whose pages (default: agents.user_id, then "local")')
    .action(
      run<UserFlag>(async (ctx, [key], flags) => {
        const project = await ctx.project();
        const { resolveUserId } = await import('../../wiki/keys.js');
        const { readWikiPage } = await import('../../wiki/store.js');
        const page = readWikiPage(project.dir, key!, resolveUserId(project, flags.userId));
        return {
          data: {
            key: page.key,
            scope: page.scope,
            userId: page.userId,
            file: page.file,
            title: page.title,
            summary: page.summary,
            tags: page.tags,
            refs: page.refs,
            slRefs: page.slRefs,
            usageMode: page.usageMode,
            source: page.source,
            links: page.links,
            body: page.body,
            content: page.text,
          },
          human: page.text,
        };
      }),
    );

  wiki
    .command('write')
    .description('Validate a page (frontmatter, refs, sl_refs), then write it atomically and commit it')
    .argument('<key>', 'page key: lowercase letters, digits, - and _')
    .requiredOption('--file <path>', 'the Markdown page (frontmatter + body); - reads stdin')
    .option('--scope <scope>', 'global (shared) or user (your own pages)', 'global')
    .option('--user-id <id>', 'owner of a user page (default: agents.user_id, then "local")')
    .action(
      run<UserFlag & { file: string; scope: string }>(async (ctx, [key], flags) => {
        if (flags.scope !== 'global' && flags.scope !== 'user') {
          throw usageError(`--scope must be global or user (got "${flags.scope}").`);
        }
        const project = await ctx.project();
        const { resolveUserId } = await import('../../wiki/keys.js');
        const { writeWikiPage } = await import('../../wiki/write.js');
        const text = await readInput(flags.file);
        const result = writeWikiPage(project.dir, key!, text, {
          scope: flags.scope,
          userId: resolveUserId(project, flags.userId),
          inputLabel: flags.file === '-' ? 'stdin' : flags.file,
          warner: ctx,
        });
        for (const warning of result.warnings) {
          ctx.warn({
            code: warning.code,
            message: `${warning.file}:${warning.line ?? 1}:${warning.col ?? 1} ${warning.path}: ${warning.message}`,
            fix: warning.fix,
          });
        }
        return {
          data: result,
          human: result.changed
            ? `${result.created ? 'Created' : 'Updated'} ${result.file}${result.commit ? ` (commit ${result.commit.slice(0, 8)})` : ''}.`
            : `${result.file} already has this content.`,
        };
      }),
    );

  wiki
    .command('validate')
    .description('Check every page: frontmatter, page refs, [[wikilinks]] and sl_refs (e.g. after a rename)')
    .action(
      run(async (ctx) => {
        const project = await ctx.project();
        const { validateWiki, formatWikiIssue } = await import('../../wiki/validate.js');
        const result = validateWiki(project.dir);
        return {
          data: result,
          exitCode: result.valid ? EXIT.ok : EXIT.failure,
          human: () => {
            const s = ctx.style;
            const lines = [...result.errors, ...result.warnings].map((issue) => {
              const tag = issue.severity === 'error' ? s.red('error  ') : s.yellow('warning');
              return `${tag} ${formatWikiIssue(issue)}${issue.fix ? s.dim(`\n        fix: ${issue.fix}`) : ''}`;
            });
            const n = result.errors.length;
            lines.push(
              n > 0
                ? s.red(
                    `${n} problem${n === 1 ? '' : 's'} in ${result.pages} page${result.pages === 1 ? '' : 's'}.`,
                  )
                : `${s.green('✓')} ${result.pages} page${result.pages === 1 ? '' : 's'} valid${result.warnings.length ? ` (${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'})` : ''}.`,
            );
            return lines.join('\n');
          },
        };
      }),
    );

  wiki
    .command('search')
    .description('Search wiki pages (pages with usage_mode: never are never returned)')
    .argument('<query...>', 'words to look for')
    .option('--limit <n>', 'number of results (1-200)', '10')
    .option('--user-id <id>', 'whose pages (default: agents.user_id, then "local")')
    .action(
      run<UserFlag & { limit?: string }>(async (ctx, words, flags) => {
        const { runSearch } = await import('./search.js');
        return runSearch(ctx, words.join(' '), flags, {
          kinds: ['wiki'],
          emptyHint: 'No page matches; `ktx wiki list` shows every page.',
        });
      }),
    );
}
