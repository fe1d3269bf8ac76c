import { type ToolDefinition, ToolRegistry } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { connectionListTool, statusTool } from './project.js';
import { dictionarySearchTool, entityDetailsTool } from './scan.js';
import { searchTool, wikiSearchTool } from './search.js';
import { slListTool, slReadSourceTool, slValidateTool } from './semantic.js';
import { slQueryTool } from './sl-query.js';
import { sqlExecutionTool } from './sql.js';
import { wikiReadTool, wikiWriteTool } from './wiki.js';

/**
 * The ktx tools, in the order of the analytics workflow (orient, find, read, compile, run,
 * record). The MCP server serves all of them; ktx's own LLM loops pick the ones a run needs
 * (`ktxToolRegistry(services).pick([...])`), so both call the very same definitions.
 */
export function ktxTools(services: ProjectServices): ToolDefinition[] {
  return [
    statusTool(services),
    connectionListTool(services),
    searchTool(services),
    wikiSearchTool(services),
    wikiReadTool(services),
    slListTool(services),
    slReadSourceTool(services),
    entityDetailsTool(services),
    dictionarySearchTool(services),
    slQueryTool(services),
    slValidateTool(services),
    sqlExecutionTool(services),
    wikiWriteTool(services),
  ] as ToolDefinition[];
}

export function ktxToolRegistry(services: ProjectServices): ToolRegistry {
  return new ToolRegistry(ktxTools(services));
}

/** Names of the tools that only read (hosts may allow them without asking the user). */
export function readOnlyToolNames(tools: readonly ToolDefinition[]): string[] {
  return tools.filter((tool) => tool.annotations.readOnlyHint === true).map((tool) => tool.name);
}
