import { z } from 'zod';
import type { ToolOutput } from '../registry.js';

/** Pieces every ktx tool shares: argument shapes, the read-only annotations, the answer format. */

export const connectionIdArg = z
  .string()
  .min(1)
  .optional()
  .describe('Connection id (see connection_list). Omit to use the project default or the only connection.');

export const maxRowsArg = z
  .number()
  .int()
  .min(1)
  .max(10_000)
  .optional()
  .describe('Row cap for the result (1-10000, default 100). Aggregate in the query rather than raising it.');

export const DEFAULT_TOOL_MAX_ROWS = 100;

/** Reads project files only; asking twice gives the same answer. */
export const READ_ONLY = {
  readOnlyHint: true,
  idempotentHint: true,
  destructiveHint: false,
  openWorldHint: false,
} as const;

/** A cell value as every connector returns it (big numbers and decimals as text, ISO dates). */
export const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * The answer: structured data, and the same data as compact JSON text. Agent hosts show models
 * one or the other; both say the same thing, so every client (and ktx's own LLM loops, which
 * read the text) sees one answer.
 */
export function answer<T>(data: T): ToolOutput<T> {
  return { text: JSON.stringify(data), structured: data };
}
