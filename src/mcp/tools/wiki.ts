import { z } from 'zod';
import { readWikiPage } from '../../wiki/store.js';
import { writeWikiPage } from '../../wiki/write.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, READ_ONLY } from './common.js';

/** `wiki_read` and `wiki_write`: business knowledge as Markdown pages. */

const pageOutput = z.object({
  key: z.string(),
  scope: z.enum(['global', 'user']),
  file: z.string(),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  refs: z.array(z.string()).describe('related page keys'),
  slRefs: z.array(z.string()).describe('semantic-layer entities this page is about (source.measure, ...)'),
  usageMode: z.string(),
  body: z.string().describe('Markdown without the frontmatter'),
});

export function wikiReadTool(services: ProjectServices) {
  return defineTool({
    name: 'wiki_read',
    description:
      'Read one wiki page by key: its summary, tags, related pages, the semantic-layer entities it is about (slRefs) and the Markdown body. Read the pages search returns before deciding how to compute a metric.',
    inputSchema: z.object({ key: z.string().trim().min(1).describe('Page key, e.g. "net-revenue".') }),
    outputSchema: pageOutput,
    annotations: { title: 'Read a wiki page', ...READ_ONLY },
    async handler({ key }) {
      const page = readWikiPage(services.projectDir, key, await services.userId());
      return answer({
        key: page.key,
        scope: page.scope,
        file: page.file,
        title: page.title,
        summary: page.summary,
        tags: page.tags,
        refs: page.refs,
        slRefs: page.slRefs,
        usageMode: page.usageMode,
        body: page.body,
      });
    },
  });
}

const writeOutput = z.object({
  key: z.string(),
  scope: z.enum(['global', 'user']),
  file: z.string(),
  created: z.boolean(),
  changed: z.boolean().describe('false when the page already had exactly this content'),
  commit: z.string().nullable().describe('commit in the project repository, when it has one'),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), fix: z.string().optional() })),
});

export function wikiWriteTool(services: ProjectServices) {
  return defineTool({
    name: 'wiki_write',
    description: [
      'Create or replace a wiki page (a definition, caveat or note worth keeping), validated exactly like `ktx wiki write`: frontmatter, page refs, [[wikilinks]] and sl_refs must resolve, or nothing is written. The page is written atomically and committed.',
      'Content is the whole page: YAML frontmatter between --- lines (summary: one sentence; optional tags, refs, sl_refs like "orders.revenue", usage_mode: auto|always|never) followed by Markdown.',
      'This replaces an existing page of the same key: read it first with wiki_read and keep what is still true.',
    ].join(' '),
    inputSchema: z.object({
      key: z
        .string()
        .trim()
        .min(1)
        .describe('Page key: lowercase letters, digits, - and _ (e.g. "refund-policy").'),
      content: z.string().min(1).describe('The full page: frontmatter + Markdown body.'),
      scope: z
        .enum(['global', 'user'])
        .optional()
        .describe('global (shared, the default) or user (only the configured user sees it).'),
    }),
    outputSchema: writeOutput,
    annotations: {
      title: 'Write a wiki page',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
    async handler(input) {
      const warnings: Array<{ code: string; message: string; fix?: string }> = [];
      const result = writeWikiPage(services.projectDir, input.key, input.content, {
        scope: input.scope ?? 'global',
        userId: await services.userId(),
        inputLabel: 'content',
        warner: { warn: (warning) => warnings.push(warning) },
      });
      for (const issue of result.warnings) {
        warnings.push({
          code: issue.code,
          message: `${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
          ...(issue.fix ? { fix: issue.fix } : {}),
        });
      }
      return answer({
        key: result.key,
        scope: result.scope,
        file: result.file,
        created: result.created,
        changed: result.changed,
        commit: result.commit,
        warnings,
      });
    },
  });
}
