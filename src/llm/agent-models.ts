/**
 * Model ids of the two local-agent backends. Both accept short aliases (so a ktx.yaml written
 * today keeps working when ktx moves its defaults) and the provider's own ids; anything else
 * is refused before a process is started, with a message listing what is accepted. No SDK is
 * imported here: setup and status use these rules too.
 */

/** What `sonnet`, `opus` and `haiku` mean today (the same models the API backends default to). */
export const CLAUDE_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  sonnet: 'claude-sonnet-4-6',
  opus: 'claude-opus-4-7',
  haiku: 'claude-haiku-4-5',
});

// Full ids, dated ids (claude-sonnet-4-5-20250929), older families (claude-3-5-haiku-…) and the
// 1M-context suffix Claude Code understands (claude-sonnet-4-6[1m]).
const CLAUDE_ID = /^claude-[a-z0-9][a-z0-9.-]*(\[1m\])?$/i;

export const CLAUDE_CODE_ACCEPTED =
  'sonnet, opus, haiku, or a full Claude model id such as claude-sonnet-4-6';

export function claudeCodeModelProblem(id: string): string | undefined {
  const trimmed = id.trim();
  if (CLAUDE_ALIASES[trimmed.toLowerCase()] || CLAUDE_ID.test(trimmed)) return undefined;
  return `"${id}" is not a claude-code model (accepted: ${CLAUDE_CODE_ACCEPTED})`;
}

/** The id Claude Code is started with. */
export function resolveClaudeCodeModel(id: string): string {
  const trimmed = id.trim();
  return CLAUDE_ALIASES[trimmed.toLowerCase()] ?? trimmed;
}

/**
 * The codex default. It works with both a ChatGPT sign-in and an API key; `*-codex` ids are
 * API-key-only, and a ChatGPT account rejects them ("model not supported").
 */
export const DEFAULT_CODEX_MODEL = 'gpt-5.5';

const CODEX_ALIASES = new Set(['codex', 'default']);
const CODEX_ID = /^(gpt|codex)-[a-z0-9][a-z0-9._-]*$/i;

export const CODEX_ACCEPTED = 'codex or default (both mean gpt-5.5), or a gpt-* / codex-* model id';

export function codexModelProblem(id: string): string | undefined {
  const trimmed = id.trim();
  if (CODEX_ALIASES.has(trimmed.toLowerCase()) || CODEX_ID.test(trimmed)) return undefined;
  return `"${id}" is not a codex model (accepted: ${CODEX_ACCEPTED})`;
}

export function resolveCodexModel(id: string): string {
  const trimmed = id.trim();
  return CODEX_ALIASES.has(trimmed.toLowerCase()) ? DEFAULT_CODEX_MODEL : trimmed;
}
