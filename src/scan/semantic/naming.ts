import type { Dialect } from '../../connectors/types.js';
import { NAME_PATTERN } from '../../semantic/schema.js';
import { columnName } from '../keys/names.js';
import { scanSqlFor } from '../sql-dialect.js';

/**
 * Names in the generated semantic layer: source and column names agents can type without
 * quoting (`Order Details` → `Order_Details`), physical references quoted only when the
 * dialect needs it, and role names for joins that need an alias.
 */

export function identifier(raw: string, fallback = 'x'): string {
  let name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) name = fallback;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name;
}

/** Gives each raw name a unique identifier, in input order, suffixing `_2`, `_3` on clashes. */
export function uniqueIdentifiers(raws: string[], taken: Iterable<string> = []): string[] {
  const used = new Set([...taken].map((name) => name.toLowerCase()));
  return raws.map((raw) => {
    const base = identifier(raw);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

const RESERVED = new Set(
  'all and any as asc between by case cast check column constraint create cross current_date current_time current_timestamp current_user default delete desc distinct drop else end except exists false fetch for foreign from full grant group having in inner insert intersect into is join key lateral left like limit natural not null offset on or order outer primary references right select session_user table then to true union unique user using values when where window with'.split(
    ' ',
  ),
);

/** Whether an identifier can be written bare in this dialect. */
function isPlain(name: string, dialect: Dialect): boolean {
  if (RESERVED.has(name.toLowerCase())) return false;
  // PostgreSQL folds unquoted names to lower case; the others compare case-insensitively.
  return dialect === 'postgres' ? /^[a-z_][a-z0-9_]*$/.test(name) : NAME_PATTERN.test(name);
}

export function physicalName(name: string, dialect: Dialect): string {
  return isPlain(name, dialect) ? name : scanSqlFor(dialect).quote(name);
}

export function physicalTable(schema: string | null, name: string, dialect: Dialect): string {
  return schema
    ? `${physicalName(schema, dialect)}.${physicalName(name, dialect)}`
    : physicalName(name, dialect);
}

/** `ShipToAddressID` → `ship_to_address`, `ReportsTo` → `reports_to`, `manager_id` → `manager`. */
export function roleName(column: string): string {
  const parsed = columnName(column);
  const parts = parsed.stem.length > 0 ? parsed.stem : parsed.tokens;
  return identifier(parts.join('_'), 'ref');
}
