import { KtxError } from '../core/errors.js';
import type { Project } from '../project/project.js';

/**
 * Wiki keys are flat, lowercase file names (`net-revenue` ↔ `wiki/global/net-revenue.md`):
 * lowercase so two pages can never collide on a case-insensitive file system, flat so a key is
 * also a stable link target (`[[net-revenue]]`).
 */
export const WIKI_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,119}$/;

/** User ids name a folder under wiki/user/. */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/;

export const DEFAULT_USER_ID = 'local';

/** The closest valid key to `input` ("Net Revenue/EU" → "net-revenue-eu"). */
export function slugifyKey(input: string): string {
  const slug = input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 120);
  return slug || 'page';
}

export function isValidKey(key: string): boolean {
  return WIKI_KEY_PATTERN.test(key);
}

export function assertValidKey(key: string): void {
  if (isValidKey(key)) return;
  throw new KtxError('wiki_key_invalid', `Invalid wiki key "${key}".`, {
    hint: `Keys are flat and lowercase (letters, digits, "-" and "_"); use "${slugifyKey(key)}".`,
  });
}

export function assertValidUserId(userId: string): void {
  if (USER_ID_PATTERN.test(userId)) return;
  throw new KtxError('wiki_user_invalid', `Invalid user id "${userId}".`, {
    hint: 'User ids use letters, digits, ".", "_", "@" and "-" (set agents.user_id or pass --user-id).',
  });
}

/** `--user-id`, else `agents.user_id` from ktx.yaml, else `local`. */
export function resolveUserId(project: Pick<Project, 'config'>, flag?: string): string {
  const userId = flag ?? project.config.agents.user_id ?? DEFAULT_USER_ID;
  assertValidUserId(userId);
  return userId;
}
