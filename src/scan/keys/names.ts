import {
  CONNECTORS,
  KEY_SUFFIXES,
  KEY_WORDS,
  PERSON_TABLES,
  ROLE_ONLY,
  STAFF_TABLES,
  TABLE_PREFIXES,
  TABLE_SUFFIXES,
  USER_TABLES,
} from './lexicon.js';

/**
 * Name analysis for key inference: identifiers become lowercase tokens (`ShipToAddressID` →
 * ship, to, address, id), tables become entities (`raw_orders` → order), key columns become
 * stems (`customer_id` → customer). These are general English/warehouse conventions, not rules
 * for particular databases.
 */

/** Splits camelCase, PascalCase, digits and any non-alphanumeric separator. */
export function tokens(identifier: string): string[] {
  return identifier
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const IRREGULAR: Record<string, string> = {
  people: 'person',
  persons: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  staff: 'staff',
  data: 'data',
  criteria: 'criterion',
  indices: 'index',
  series: 'series',
  species: 'species',
  news: 'news',
  status: 'status',
  address: 'address',
  analyses: 'analysis',
  statuses: 'status',
  bus: 'bus',
  movies: 'movie',
  cookies: 'cookie',
};

export function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word]!;
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh|z)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The entity a table stores: prefixes/suffixes dropped, last word singular. */
export function tableEntity(name: string): string[] {
  let parts = tokens(name);
  while (parts.length > 1 && TABLE_PREFIXES.has(parts[0]!)) parts = parts.slice(1);
  while (parts.length > 1 && TABLE_SUFFIXES.has(parts.at(-1)!)) parts = parts.slice(0, -1);
  return singularLast(parts);
}

export function singularLast(parts: string[]): string[] {
  if (parts.length === 0) return parts;
  return [...parts.slice(0, -1), singular(parts.at(-1)!)];
}

export interface ColumnName {
  tokens: string[];
  /** Tokens before the key suffix, last one singular (`customer_ids` → customer). */
  stem: string[];
  /** True when the name ends in a key suffix or is a key word (`id`, `sku`). */
  keyShaped: boolean;
  /** Stem without trailing connector words (`reports_to` → reports), not singularised. */
  core: string[];
}

export function columnName(name: string): ColumnName {
  const parts = tokens(name);
  let stem = parts;
  let keyShaped = false;
  if (parts.length > 1 && KEY_SUFFIXES.has(parts.at(-1)!)) {
    stem = parts.slice(0, -1);
    keyShaped = true;
  } else if (parts.length === 1 && KEY_WORDS.has(parts[0]!)) {
    keyShaped = true;
    stem = KEY_SUFFIXES.has(parts[0]!) ? [] : parts;
  } else if (parts.length === 1 && /^[a-z]{3,}(id|key)$/.test(parts[0]!)) {
    // An all-lowercase glued name (`customerid`): split the suffix off.
    const match = /^([a-z]{3,})(id|key)$/.exec(parts[0]!)!;
    stem = [match[1]!];
    keyShaped = true;
  }
  stem = singularLast(stem);
  let core = stem;
  while (core.length > 1 && CONNECTORS.has(core.at(-1)!)) core = core.slice(0, -1);
  return { tokens: parts, stem, keyShaped, core };
}

export function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((token, index) => token === b[index]);
}

export function endsWithTokens(whole: readonly string[], tail: readonly string[]): boolean {
  if (tail.length === 0 || tail.length > whole.length) return false;
  const offset = whole.length - tail.length;
  return tail.every((token, index) => whole[offset + index] === token);
}

export function startsWithTokens(whole: readonly string[], head: readonly string[]): boolean {
  if (head.length === 0 || head.length > whole.length) return false;
  return head.every((token, index) => whole[index] === token);
}

/**
 * `short` abbreviates `word`: same first letter, its letters appear in order, and it is either
 * a prefix of 3+ letters (`cust`, `ship`) or a skeleton of 3+ letters covering a fair part of
 * the word (`mgr`, `acct`, `dept`).
 */
export function abbreviates(short: string, word: string): boolean {
  if (short.length < 3 || short.length >= word.length || short[0] !== word[0]) return false;
  if (word.startsWith(short)) return true;
  let position = 0;
  for (const char of short) {
    position = word.indexOf(char, position);
    if (position < 0) return false;
    position++;
  }
  return short.length / word.length >= 0.3;
}

/** `po` for purchase_order. */
export function initials(parts: readonly string[]): string {
  return parts.map((part) => part[0]).join('');
}

/** Roles usually filled by employees/staff. */

export function isRoleOnlyName(parts: readonly string[]): boolean {
  return parts.length > 0 && parts.every((part) => ROLE_ONLY.has(part) || CONNECTORS.has(part));
}

export type PersonTier = 'staff' | 'user' | 'person';

/** Whether a table holds people, judged by its entity name and, failing that, its columns. */
export function personTier(
  entity: readonly string[],
  columnNames: readonly string[],
): PersonTier | undefined {
  const head = entity.at(-1) ?? '';
  const named = (words: Set<string>) => words.has(head) || [...words].some((word) => abbreviates(head, word));
  if (named(STAFF_TABLES)) return 'staff';
  if (named(USER_TABLES)) return 'user';
  if (named(PERSON_TABLES)) return 'person';
  const names = new Set(columnNames.map((name) => tokens(name).join('_')));
  const hasName =
    names.has('first_name') || names.has('last_name') || names.has('full_name') || names.has('surname');
  if (!hasName) return undefined;
  const staffish = [...names].some((name) => /(^|_)(hire|hired|salary|job_title|department)(_|$)/.test(name));
  return staffish ? 'staff' : 'person';
}
