import type { WikiPage } from '../wiki/store.js';

/**
 * The analytics workflow, in one place: the MCP server's instructions, its prompt and the agent
 * skill files all teach these steps, so an agent hears the same thing wherever it meets ktx.
 */

export const WORKFLOW_STEPS: readonly string[] = [
  '`status` first: is the project ready, which connections exist (`connection_list` when there are several).',
  "`search` the question's words: wiki pages say what terms mean and which traps to avoid; semantic results name the measures and columns to use. Each result says which tool reads it (`readWith`).",
  'Read before you compute: `wiki_read` the definitions, `sl_read_source` the sources behind the measures, `entity_details` for raw tables, `dictionary_search` to turn literal values ("EMEA", "churned") into filters.',
  'Compile with `sl_query` (measures by dimensions, filters, segments): it returns one read-only SELECT that never double counts across joins, with notes on how it was planned. Fall back to `sql_execution` only when the semantic layer cannot express the question.',
  'Execute with a row cap: `sl_query` with `execute: true` (or `sql_execution`), `max_rows` as small as the answer needs; aggregate in the query instead of pulling rows.',
  'Answer with the numbers, the definition you used and the SQL; when you learn something durable (a definition, a caveat), offer to record it with `wiki_write`.',
];

export function workflowText(): string {
  return WORKFLOW_STEPS.map((step, index) => `${index + 1}. ${step}`).join('\n');
}

/** Budget for `usage_mode: always` pages inside instructions and prompts (they are read on every session). */
const ALWAYS_PAGES_CHAR_BUDGET = 16_000;

/** The `usage_mode: always` pages as one Markdown section, bounded in size. */
export function alwaysPagesText(pages: readonly WikiPage[]): string {
  if (pages.length === 0) return '';
  const parts: string[] = [];
  let used = 0;
  for (const page of pages) {
    const text = `### ${page.title} (wiki page \`${page.key}\`)\n\n${page.body.trim()}`;
    if (used + text.length > ALWAYS_PAGES_CHAR_BUDGET) {
      parts.push(
        `(More rules: read ${pages
          .slice(parts.length)
          .map((p) => `\`${p.key}\``)
          .join(', ')} with wiki_read.)`,
      );
      break;
    }
    parts.push(text);
    used += text.length;
  }
  return ['## Ground rules of this project (always apply)', '', parts.join('\n\n')].join('\n');
}

/** What the server tells every client at initialisation. */
export function serverInstructions(projectName: string, alwaysPages: readonly WikiPage[]): string {
  return [
    `ktx serves the data context of the "${projectName}" project: a semantic layer (measures, joins that never double count), a business wiki, warehouse scans, and read-only SQL.`,
    '',
    'Workflow for a data question:',
    workflowText(),
    '',
    alwaysPagesText(alwaysPages),
  ]
    .join('\n')
    .trim();
}
