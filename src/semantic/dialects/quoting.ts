/** Identifier quoting shared by the dialect files. */

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words that must be quoted as identifiers in at least one supported dialect (lower case). */
const RESERVED = new Set(
  `all alter analyse analyze and any array as asc asymmetric authorization between binary both by case cast
check collate column constraint create cross current_date current_time current_timestamp current_user
default deferrable delete desc distinct do drop else end except exists false fetch for foreign from full
grant group having ilike in initially inner insert intersect interval into is join key lateral leading left
like limit localtime localtimestamp natural not null of offset on only or order outer over overlaps
partition placing primary qualify range references regexp returning right rlike rows sample select
session_user similar some symmetric table tablesample then to top trailing true union unique update user
using values when where window with`
    .split(/\s+/)
    .filter(Boolean),
);

export function isReserved(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

export function isPlain(name: string): boolean {
  return PLAIN.test(name) && !isReserved(name);
}

export const quoteWith = {
  double: (name: string) => `"${name.replace(/"/g, '""')}"`,
  backtick: (name: string) => `\`${name.replace(/`/g, '``')}\``,
  bracket: (name: string) => `[${name.replace(/]/g, ']]')}]`,
};

/** Case-preserving engines: quote only names that are not plain identifiers. */
export function quoteIfNeeded(name: string, quote: (name: string) => string): string {
  return isPlain(name) ? name : quote(name);
}
