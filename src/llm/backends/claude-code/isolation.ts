/**
 * What ktx checks about a Claude Code process before trusting it with a run. ktx asks for no
 * built-in tools, an exact tool allow-list and no settings files; the `system/init` message is
 * where Claude Code reports what it actually loaded, so it is checked, and a run whose process
 * could call anything else is stopped before the model's first tool call runs.
 *
 * Host slash commands, skills and subagents may still be listed there (they are discovered by
 * Claude Code itself); without their tools (Skill, Agent, SlashCommand) none of them can run.
 */

export interface InitReport {
  tools: string[];
  mcp_servers: Array<{ name: string; status: string }>;
  plugins?: Array<{ name: string; path: string }>;
  slash_commands?: string[];
  skills?: string[];
  agents?: string[];
}

export interface ExpectedIsolation {
  /** Exactly the tools the process may call (`mcp__ktx__<name>`, `StructuredOutput`). */
  tools: readonly string[];
  /** Exactly the MCP servers it may have. */
  mcpServers: readonly string[];
}

/** A description of what is wrong, or undefined when the process is isolated as asked. */
export function isolationProblem(init: InitReport, expected: ExpectedIsolation): string | undefined {
  const problems: string[] = [];
  const allowed = new Set(expected.tools);
  const extra = init.tools.filter((tool) => !allowed.has(tool));
  const missing = expected.tools.filter((tool) => !init.tools.includes(tool));
  if (extra.length) problems.push(`callable tools that are not ktx tools of this run: ${extra.join(', ')}`);
  if (missing.length) problems.push(`ktx tools missing: ${missing.join(', ')}`);
  const servers = init.mcp_servers.map((server) => server.name);
  const foreign = servers.filter((server) => !expected.mcpServers.includes(server));
  if (foreign.length) problems.push(`other MCP servers loaded: ${foreign.join(', ')}`);
  for (const name of expected.mcpServers) {
    const server = init.mcp_servers.find((candidate) => candidate.name === name);
    if (!server) problems.push(`the ${name} MCP server is missing`);
    else if (server.status !== 'connected') problems.push(`the ${name} MCP server is ${server.status}`);
  }
  // Plugins built into Claude Code ship with the binary; one loaded from disk could bring hooks.
  const loaded = (init.plugins ?? []).filter((plugin) => plugin.path !== 'builtin');
  if (loaded.length) problems.push(`plugins loaded: ${loaded.map((plugin) => plugin.name).join(', ')}`);
  return problems.length ? problems.join('; ') : undefined;
}

/** Built-in tool names of Claude Code (a call to one of them is an escape attempt, not a typo). */
const HOST_TOOLS = new Set([
  'Agent',
  'Task',
  'Bash',
  'BashOutput',
  'KillShell',
  'KillBash',
  'Read',
  'Write',
  'Edit',
  'MultiEdit',
  'NotebookEdit',
  'NotebookRead',
  'Glob',
  'Grep',
  'LS',
  'WebFetch',
  'WebSearch',
  'TodoWrite',
  'Skill',
  'SlashCommand',
  'ExitPlanMode',
  'AskUserQuestion',
  'ListMcpResourcesTool',
  'ReadMcpResourceTool',
  'ToolSearch',
  'Monitor',
  'PowerShell',
]);

/** Denied outright as well (belt and braces: no built-in tool is enabled to begin with). */
export const HOST_TOOL_DENYLIST: string[] = [...HOST_TOOLS];

/**
 * Whether a tool the model asked for belongs to the host rather than to ktx: a built-in tool,
 * a listed command, skill or subagent, or a tool of another MCP server. Any other unknown name
 * is a model mistake, answered like on every backend.
 */
export function isHostCapability(name: string, init: InitReport | undefined, ktxServer: string): boolean {
  if (HOST_TOOLS.has(name)) return true;
  const match = /^mcp__(.+?)__/.exec(name);
  if (match) return match[1] !== ktxServer;
  if (!init) return false;
  return [...(init.slash_commands ?? []), ...(init.skills ?? []), ...(init.agents ?? [])].includes(name);
}
