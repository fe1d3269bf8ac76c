import { extractJson } from '../../../src/llm/json-extract.js';

/**
 * What an agent host (Claude Code, Codex) adds around ktx's own content before it reaches the
 * model: a billing header and an identity line in the system prompt, `<system-reminder>` blocks
 * with the environment, the date and token counts, Codex's own developer messages. The fakes
 * keep the full request for assertions, and also show the ktx part alone (`systemText`,
 * `lastUserText`, tool results) so one contract suite reads the same on every backend.
 * Test infrastructure only.
 */

const HOST_SYSTEM_BLOCK =
  /^(x-anthropic-billing-header:|You are a Claude agent, built on Anthropic's Claude Agent SDK|You are Claude Code)/;

/**
 * Claude Code's first system block is billing metadata that changes with every request; the
 * API reads it as metadata, not prompt, so it is not part of any cached prefix.
 */
export function isBillingHeader(text: string): boolean {
  return text.trimStart().startsWith('x-anthropic-billing-header:');
}

export function isHostSystemBlock(text: string): boolean {
  return HOST_SYSTEM_BLOCK.test(text.trim());
}

const REMINDER = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

/** Text with the host's reminders removed; empty when the block was only a reminder. */
export function withoutReminders(text: string): string {
  return text.replace(REMINDER, '').trim();
}

/**
 * A model told to answer through a structured-output tool does so: when the host offers
 * `StructuredOutput` and the scripted answer is text holding JSON, the fake calls the tool with
 * that JSON (as a real model following the host's instructions would). Text without JSON stays
 * text, like a model ignoring the instruction.
 */
export function structuredOutputCall(text: string): unknown | undefined {
  const extracted = extractJson(text);
  return extracted.ok ? extracted.value : undefined;
}

/** Codex prefixes a tool's output with its own timing line ("Wall time: 0.01 seconds\nOutput:"). */
export function withoutOutputFraming(text: string): string {
  return text.replace(/^Wall time: [^\n]*\n?(Output:\n?)?/, '').trim();
}
