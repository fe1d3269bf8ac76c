import { z } from 'zod';
import { errorMessage, KtxError } from '../core/errors.js';

/**
 * The tool registry: one definition per tool, served to agent clients by the MCP server and
 * to ktx's own LLM loops. A tool's identity is its `name` (there is no second key anywhere),
 * and every handler answers with the same contract: text for the model or person reading it,
 * plus optional structured data checked against `outputSchema`.
 */

/** MCP tool annotations (hints for clients; they never grant anything). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  idempotentHint?: boolean;
  destructiveHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolContext {
  /** Aborted when the caller gives up (client disconnect, agent budget, Ctrl+C). */
  signal: AbortSignal;
  /** Who is calling: an MCP client or one of ktx's own LLM loops. */
  caller: 'mcp' | 'llm';
}

/** What every handler returns: text always, structured data when the tool has an output schema. */
export interface ToolOutput<S = unknown> {
  text: string;
  structured?: S;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry stores tools of any input shape
export type AnyObjectSchema = z.ZodObject<any>;

export interface ToolSpec<I extends AnyObjectSchema, O extends z.ZodType | undefined> {
  name: string;
  description: string;
  inputSchema: I;
  outputSchema?: O;
  annotations: ToolAnnotations;
  handler(
    input: z.output<I>,
    ctx: ToolContext,
  ): Promise<ToolOutput<O extends z.ZodType ? z.output<O> : never> | string>;
}

export interface ToolDefinition<
  I extends AnyObjectSchema = AnyObjectSchema,
  O extends z.ZodType | undefined = z.ZodType | undefined,
> extends Readonly<ToolSpec<I, O>> {
  readonly kind: 'ktx.tool';
}

/**
 * Tool names are snake_case and short: Anthropic allows 64 characters and agent hosts prefix
 * them (`mcp__ktx__<name>`), so 48 leaves room for the prefix.
 */
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;

export function defineTool<I extends AnyObjectSchema, O extends z.ZodType | undefined = undefined>(
  spec: ToolSpec<I, O>,
): ToolDefinition<I, O> {
  if (!TOOL_NAME_PATTERN.test(spec.name)) {
    throw new Error(
      `tool name "${spec.name}" must be snake_case, start with a letter, at most 48 characters`,
    );
  }
  if (!spec.description.trim()) throw new Error(`tool ${spec.name}: a description is required`);
  if (!(spec.inputSchema instanceof z.ZodObject)) {
    throw new Error(`tool ${spec.name}: inputSchema must be a zod object`);
  }
  const { readOnlyHint, destructiveHint } = spec.annotations;
  if (readOnlyHint && destructiveHint) {
    throw new Error(`tool ${spec.name}: a read-only tool cannot be destructive`);
  }
  return Object.freeze({ ...spec, kind: 'ktx.tool' as const });
}

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();

  constructor(tools: Iterable<ToolDefinition> = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: ToolDefinition): this {
    if (this.tools.has(tool.name)) throw new Error(`tool "${tool.name}" is registered twice`);
    this.tools.set(tool.name, tool);
    return this;
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  list(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  /** A subset by name, in the order given; unknown names are a programming error. */
  pick(names: readonly string[]): ToolDefinition[] {
    return names.map((name) => {
      const tool = this.tools.get(name);
      if (!tool) throw new Error(`unknown tool "${name}"`);
      return tool;
    });
  }
}

/** Checks a list handed to an agent loop: names must be unique (they are the identity). */
export function assertUniqueToolNames(tools: readonly ToolDefinition[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) throw new Error(`tool "${tool.name}" appears twice in one tool list`);
    seen.add(tool.name);
  }
}

export type ToolInvocation =
  | { ok: true; text: string; structured?: unknown }
  | { ok: false; text: string; error: { code: string; message: string; hint?: string } };

/** Draft-7 JSON Schema of a zod schema, without `$schema` (what models and MCP clients read). */
export function draft7JsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** JSON Schema of a tool's input, as sent to models and MCP clients. */
export function toolInputJsonSchema(tool: ToolDefinition): Record<string, unknown> {
  return draft7JsonSchema(tool.inputSchema, 'input');
}

function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Runs a tool the same way for every caller: validate the input, run the handler, normalise and
 * check the output. Failures come back as values (the caller decides whether a failed call ends
 * anything); a thrown KtxError keeps its code and hint so agents can recover.
 */
export async function invokeTool(
  tool: ToolDefinition,
  rawInput: unknown,
  ctx: ToolContext,
): Promise<ToolInvocation> {
  const parsed = tool.inputSchema.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const message = `invalid input for ${tool.name}: ${formatZodIssues(parsed.error)}`;
    return {
      ok: false,
      text: message,
      error: {
        code: 'tool_input_invalid',
        message,
        hint: 'Call the tool again with input matching its schema.',
      },
    };
  }
  let output: ToolOutput | string;
  try {
    output = await tool.handler(parsed.data, ctx);
  } catch (error) {
    const code = KtxError.is(error) ? error.code : 'tool_failed';
    const hint = KtxError.is(error) ? error.hint : undefined;
    const message = errorMessage(error);
    return { ok: false, text: hint ? `${message}\nhint: ${hint}` : message, error: { code, message, hint } };
  }
  const normalised: ToolOutput = typeof output === 'string' ? { text: output } : output;
  if (tool.outputSchema) {
    const checked = tool.outputSchema.safeParse(normalised.structured);
    if (!checked.success) {
      // A handler that breaks its own contract is a ktx bug; report it instead of passing bad data on.
      const message = `${tool.name} returned output that does not match its schema: ${formatZodIssues(checked.error)}`;
      return { ok: false, text: message, error: { code: 'tool_output_invalid', message } };
    }
    return { ok: true, text: normalised.text, structured: checked.data };
  }
  return normalised.structured === undefined
    ? { ok: true, text: normalised.text }
    : { ok: true, text: normalised.text, structured: normalised.structured };
}
