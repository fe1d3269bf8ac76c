import { WORKFLOW_STEPS } from '../mcp/workflow.js';

/**
 * The instructions ktx installs into agent clients: short, written for the agent, teaching the
 * workflow the MCP server implements. One body, wrapped in each client's file format (a skill
 * with name/description frontmatter, a Cursor rule, an OpenCode command).
 */

export interface InstructionContext {
  projectName: string;
  projectDir: string;
}

function description(ctx: InstructionContext): string {
  return `Answer questions about the ${ctx.projectName} data (metrics, revenue, customers, counts, trends, "how many", "why did X change", SQL) with the ktx MCP tools: definitions from the business wiki, measures from a semantic layer that never double counts, read-only SQL. Use before writing any query.`;
}

function body(ctx: InstructionContext): string {
  return [
    `# ktx: the data context of ${ctx.projectName}`,
    '',
    `The \`ktx\` MCP server knows this project's warehouse (project: ${ctx.projectDir}): a semantic layer of measures and safe joins, a wiki of business definitions and caveats, scans of every table, and read-only SQL. Use its tools instead of guessing tables or definitions.`,
    '',
    '## Workflow',
    '',
    ...WORKFLOW_STEPS.map((step, index) => `${index + 1}. ${step}`),
    '',
    '## Rules',
    '',
    '- Never guess what a metric means: search for it and read the definition; the wiki wins over intuition and over column names.',
    '- Prefer `sl_query` measures to hand-written SQL: joins written by hand double count when a table fans out.',
    '- Everything runs read-only with a row cap. Keep `max_rows` small and aggregate in the query.',
    '- Tool errors carry a `code`, a `message` and a `hint`: follow the hint and call again.',
    '- If `status` reports something missing (no semantic layer, no scan), tell the user its `next` step rather than working around it.',
    '- Show the SQL and the definitions you relied on with every number you report.',
    '',
  ].join('\n');
}

/** A skill (Claude Code, Codex, and the `.agents` convention other agents read). */
export function skillFile(ctx: InstructionContext): string {
  return `---\nname: ktx\ndescription: ${JSON.stringify(description(ctx))}\n---\n\n${body(ctx)}`;
}

/** A Cursor project rule, attached when the agent judges it relevant. */
export function cursorRule(ctx: InstructionContext): string {
  return `---\ndescription: ${JSON.stringify(description(ctx))}\nglobs:\nalwaysApply: false\n---\n\n${body(ctx)}`;
}

/** An OpenCode command: `/ktx <question>`. */
export function opencodeCommand(ctx: InstructionContext): string {
  return `---\ndescription: ${JSON.stringify(`Answer a data question about ${ctx.projectName} with ktx`)}\n---\n\n${body(ctx)}\nQuestion: $ARGUMENTS\n`;
}
