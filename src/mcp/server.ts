import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { errorMessage, KtxError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { listAlwaysPages } from '../wiki/always.js';
import { draft7JsonSchema, invokeTool, type ToolDefinition, toolInputJsonSchema } from './registry.js';
import { listResources, RESOURCE_TEMPLATES, readResource } from './resources.js';
import type { ProjectServices } from './services.js';
import { ktxTools } from './tools/index.js';
import { alwaysPagesText, serverInstructions, workflowText } from './workflow.js';

/**
 * The ktx MCP server: the tool registry's tools (validated and run by `invokeTool`, exactly as
 * ktx's own LLM loops run them), wiki pages and semantic sources as resources, and the
 * analytics workflow prompt. One `KtxMcp` per process holds the tool catalogue; each client
 * session gets a light `Server` over it.
 */

export const ANALYTICS_PROMPT = 'analytics_workflow';

export interface ToolCallEvent {
  tool: string;
  ok: boolean;
  ms: number;
  code?: string;
}

export interface KtxMcpOptions {
  version: string;
  /** Told about every tool call after it ran (logs, metrics). */
  onToolCall?(event: ToolCallEvent): void;
}

type ListedTool = {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema?: { type: 'object'; [key: string]: unknown };
  annotations: ToolDefinition['annotations'];
};

function outputJsonSchema(tool: ToolDefinition): ListedTool['outputSchema'] {
  if (!tool.outputSchema) return undefined;
  return draft7JsonSchema(tool.outputSchema, 'output') as ListedTool['outputSchema'];
}

/** A failed call as agents receive it: the stable code, what happened, and how to recover. */
export function toolErrorText(error: { code: string; message: string; hint?: string }): string {
  return JSON.stringify({
    error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
  });
}

export class KtxMcp {
  readonly tools: ToolDefinition[];
  private readonly byName: Map<string, ToolDefinition>;
  private readonly listed: ListedTool[];

  constructor(
    readonly services: ProjectServices,
    private readonly options: KtxMcpOptions,
  ) {
    this.tools = ktxTools(services);
    this.byName = new Map(this.tools.map((tool) => [tool.name, tool]));
    // Schemas are converted once per process, not per session or per listing.
    this.listed = this.tools.map((tool) => ({
      name: tool.name,
      ...(tool.annotations.title ? { title: tool.annotations.title } : {}),
      description: tool.description,
      inputSchema: toolInputJsonSchema(tool) as ListedTool['inputSchema'],
      ...(tool.outputSchema ? { outputSchema: outputJsonSchema(tool) } : {}),
      annotations: tool.annotations,
    }));
  }

  async instructions(): Promise<string> {
    const project = await this.services.project();
    const pages = listAlwaysPages(this.services.projectDir, await this.services.userId());
    return serverInstructions(project.config.project.name ?? 'ktx', pages);
  }

  async callTool(name: string, input: unknown, signal: AbortSignal) {
    const tool = this.byName.get(name);
    const started = performance.now();
    if (!tool) {
      return {
        content: [
          {
            type: 'text' as const,
            text: toolErrorText({
              code: 'tool_unknown',
              message: `Unknown tool "${name}".`,
              hint: `Tools: ${[...this.byName.keys()].join(', ')}.`,
            }),
          },
        ],
        isError: true,
      };
    }
    const result = await invokeTool(tool, input ?? {}, { signal, caller: 'mcp' });
    const ms = performance.now() - started;
    this.options.onToolCall?.({
      tool: name,
      ok: result.ok,
      ms,
      ...(result.ok ? {} : { code: result.error.code }),
    });
    if (!result.ok) {
      return {
        content: [{ type: 'text' as const, text: redact(toolErrorText(result.error)) }],
        isError: true,
      };
    }
    return {
      content: [{ type: 'text' as const, text: redact(result.text) }],
      ...(result.structured !== undefined
        ? { structuredContent: result.structured as Record<string, unknown> }
        : {}),
    };
  }

  async prompt(question: string | undefined) {
    const pages = listAlwaysPages(this.services.projectDir, await this.services.userId());
    const text = [
      'Answer the data question below with the ktx tools, following this workflow:',
      workflowText(),
      '',
      alwaysPagesText(pages),
      '',
      question?.trim()
        ? `Question: ${question.trim()}`
        : 'Ask the user for their question if it is not clear yet.',
    ]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n');
    return {
      description:
        'Answer a data question with ktx: search, read definitions, compile with sl_query, run with a row cap.',
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }],
    };
  }

  /** A protocol server for one client session (stdio: the only one; HTTP: one per session). */
  async createServer(): Promise<Server> {
    const server = new Server(
      { name: 'ktx', version: this.options.version },
      {
        capabilities: {
          tools: { listChanged: false },
          resources: { listChanged: false, subscribe: false },
          prompts: { listChanged: false },
        },
        instructions: await this.instructions().catch(() => undefined),
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: this.listed }));
    server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
      this.callTool(request.params.name, request.params.arguments, extra.signal),
    );
    server.setRequestHandler(ListResourcesRequestSchema, async () => ({
      resources: await listResources(this.services),
    }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
      resourceTemplates: RESOURCE_TEMPLATES,
    }));
    server.setRequestHandler(ReadResourceRequestSchema, async (request) => ({
      contents: [await protocolErrors(() => readResource(this.services, request.params.uri))],
    }));
    server.setRequestHandler(ListPromptsRequestSchema, async () => ({
      prompts: [
        {
          name: ANALYTICS_PROMPT,
          title: 'Analytics workflow',
          description:
            "Answer a data question the ktx way, with this project's ground rules (the wiki's usage_mode: always pages).",
          arguments: [{ name: 'question', description: 'The data question to answer.', required: false }],
        },
      ],
    }));
    server.setRequestHandler(GetPromptRequestSchema, async (request) => {
      if (request.params.name !== ANALYTICS_PROMPT) {
        throw new KtxError('prompt_unknown', `Unknown prompt "${request.params.name}".`, {
          hint: `The prompt is ${ANALYTICS_PROMPT}.`,
        });
      }
      return this.prompt(request.params.arguments?.question);
    });
    return server;
  }
}

/** Resource reads fail as protocol errors whose message carries the fix. */
async function protocolErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const hint = KtxError.is(error) && error.hint ? ` ${error.hint}` : '';
    throw new Error(redact(`${errorMessage(error)}${hint}`));
  }
}
