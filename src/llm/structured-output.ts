import type { z } from 'zod';
import { draft7JsonSchema } from '../mcp/registry.js';
import { extractJson } from './json-extract.js';

/**
 * Structured output that works the same on every backend: the JSON Schema goes into the
 * (cached) system prompt, the answer is parsed locally, and a failure gets exactly one repair
 * turn that shows the model its own answer and the validation error.
 */

/** The JSON Schema of a structured answer (draft-7, without `$schema`). */
export function outputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return draft7JsonSchema(schema, 'output');
}

export function objectInstructions(schema: z.ZodType, name = 'result'): string {
  const json = outputJsonSchema(schema);
  return [
    `## Output format`,
    `Answer with one JSON value named "${name}" that validates against this JSON Schema:`,
    '```json',
    JSON.stringify(json, null, 2),
    '```',
    'Reply with the JSON only: no prose before or after it, no comments, no trailing commas.',
  ].join('\n');
}

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseAndValidate<T>(text: string, schema: z.ZodType<T>): Validation<T> {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, error: extracted.reason };
  const checked = schema.safeParse(extracted.value);
  if (checked.success) return { ok: true, value: checked.data };
  const issues = checked.error.issues
    .slice(0, 10)
    .map((issue) => `- ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  return { ok: false, error: `the JSON does not match the schema:\n${issues.join('\n')}` };
}

export function repairPrompt(error: string): string {
  return [
    `Your previous answer could not be used: ${error}`,
    'Answer again with corrected JSON only, following the output format exactly.',
  ].join('\n');
}
