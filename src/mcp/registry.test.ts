import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KtxError } from '../core/errors.js';
import { defineTool, invokeTool, ToolRegistry, toolInputJsonSchema } from './registry.js';

const ctx = { signal: new AbortController().signal, caller: 'llm' as const };

const search = defineTool({
  name: 'wiki_search',
  description: 'Search the wiki.',
  inputSchema: z.object({
    query: z.string().describe('what to look for'),
    limit: z.number().int().optional(),
  }),
  outputSchema: z.object({ hits: z.array(z.string()) }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  async handler({ query }) {
    return { text: `1 hit for ${query}`, structured: { hits: [query] } };
  },
});

describe('defineTool', () => {
  it('rejects names that are not short snake_case', () => {
    const base = { description: 'x', inputSchema: z.object({}), annotations: {}, handler: async () => 'ok' };
    expect(() => defineTool({ ...base, name: 'WikiSearch' })).toThrow(/snake_case/);
    expect(() => defineTool({ ...base, name: 'a'.repeat(49) })).toThrow(/48/);
    expect(() => defineTool({ ...base, name: 'mcp__ktx__x' })).not.toThrow();
  });

  it('requires a description, an object input schema and consistent annotations', () => {
    const base = { name: 'x', inputSchema: z.object({}), annotations: {}, handler: async () => 'ok' };
    expect(() => defineTool({ ...base, description: ' ' })).toThrow(/description/);
    expect(() => defineTool({ ...base, description: 'd', inputSchema: z.string() as never })).toThrow(
      /zod object/,
    );
    expect(() =>
      defineTool({ ...base, description: 'd', annotations: { readOnlyHint: true, destructiveHint: true } }),
    ).toThrow(/read-only/);
  });
});

describe('ToolRegistry', () => {
  it('uses the name as the only identity and refuses collisions', () => {
    const registry = new ToolRegistry([search]);
    expect(registry.get('wiki_search')).toBe(search);
    expect(() => registry.register(search)).toThrow(/registered twice/);
    expect(() => registry.pick(['nope'])).toThrow(/unknown tool/);
    expect(registry.pick(['wiki_search'])).toEqual([search]);
  });
});

describe('invokeTool', () => {
  it('returns text plus structured output checked against the output schema', async () => {
    expect(await invokeTool(search, { query: 'mrr' }, ctx)).toEqual({
      ok: true,
      text: '1 hit for mrr',
      structured: { hits: ['mrr'] },
    });
  });

  it('reports invalid input with the field and a hint, without running the handler', async () => {
    const result = await invokeTool(search, { query: 3 }, ctx);
    expect(result.ok).toBe(false);
    expect(result.text).toContain('invalid input for wiki_search: query');
    expect(!result.ok && result.error.code).toBe('tool_input_invalid');
  });

  it('keeps the code and hint of a KtxError thrown by the handler', async () => {
    const failing = defineTool({
      name: 'sl_query',
      description: 'Compile a query.',
      inputSchema: z.object({}),
      annotations: {},
      async handler() {
        throw new KtxError('sl_unknown_measure', 'unknown measure revenue', {
          hint: 'Did you mean net_revenue?',
        });
      },
    });
    const result = await invokeTool(failing, {}, ctx);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'sl_unknown_measure', hint: 'Did you mean net_revenue?' },
    });
    expect(result.text).toContain('hint: Did you mean net_revenue?');
  });

  it('normalises a string result and flags output that breaks the declared schema', async () => {
    const plain = defineTool({
      name: 'ping',
      description: 'p',
      inputSchema: z.object({}),
      annotations: {},
      handler: async () => 'pong',
    });
    expect(await invokeTool(plain, undefined, ctx)).toEqual({ ok: true, text: 'pong' });
    const liar = defineTool({
      name: 'liar',
      description: 'l',
      inputSchema: z.object({}),
      outputSchema: z.object({ n: z.number() }),
      annotations: {},
      handler: async () => ({ text: 'x', structured: { n: 'no' } as never }),
    });
    expect(await invokeTool(liar, {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'tool_output_invalid' },
    });
  });

  it('exposes the input JSON Schema with descriptions', () => {
    const schema = toolInputJsonSchema(search);
    expect(schema).toMatchObject({
      type: 'object',
      required: ['query'],
      properties: { query: { type: 'string', description: 'what to look for' } },
    });
    expect(schema.$schema).toBeUndefined();
  });
});
