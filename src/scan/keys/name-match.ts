import {
  ACTOR_ROLES,
  HEADER_WORDS,
  HIERARCHY,
  PERSON_HIERARCHY,
  ROLE_QUALIFIERS,
  STAFF_ROLES,
} from './lexicon.js';
import type { ScanColumn, ScanTable } from './model.js';
import { abbreviates, endsWithTokens, initials, sameTokens, startsWithTokens } from './names.js';

/**
 * How strongly a column's name says it references a key of another (or the same) table.
 * Scores are evidence strengths in 0..1, combined with value evidence in ./foreign-score.ts.
 *
 *   0.95  entity / exact column   customer_id → customers.id, sku → products.sku
 *   0.90  role-qualified entity   ship_to_address_id → address, original_language_id → language,
 *                                 parent_id / reports_to (self references)
 *   0.85  other qualified entity  billing_country_code → country
 *   0.80  person role, best tier  support_rep_id → employees, created_by → users
 *   0.75  entity extension        sales_order_id → sales_order_header
 *   0.70  abbreviation            cust_id → customers, ship_via → shippers, mgr_id → managers
 *   0.65  initials / other tier   po_id → purchase_orders
 * Two independent matchers agreeing add 0.02.
 */

export interface NameEvidence {
  score: number;
  kinds: string[];
}

/** The column is the table's own identifier (`id`, `customer_id` in customers). */
export function isOwnId(table: ScanTable, column: ScanColumn): boolean {
  const { stem, keyShaped } = column.name;
  if (!keyShaped && !table.info.primaryKey?.includes(column.info.name)) return false;
  if (stem.length === 0) return true;
  if (sameTokens(stem, table.entity)) return true;
  // `SalesOrderDetailID` in `SalesOrderDetail`.
  if (stem.length >= 2 && sameTokens(stem, table.entity.slice(-stem.length))) return true;
  // `SalesOrderID` in `SalesOrderHeader`, `ORD_NO` in `ORD_HDR`.
  const rest = table.entity.slice(stem.length);
  return (
    startsWithTokens(table.entity, stem) && rest.length > 0 && rest.every((token) => HEADER_WORDS.has(token))
  );
}

function qualifiedScore(qualifiers: readonly string[]): number {
  return qualifiers.every((token) => ROLE_QUALIFIERS.has(token)) ? 0.9 : 0.85;
}

function abbreviationScore(core: readonly string[], entity: readonly string[]): number {
  if (core.length === 0 || entity.length === 0) return 0;
  if (core.length === 1 && entity.length >= 2 && core[0] === initials(entity)) return 0.65;
  // Tokens pair up from the end; each pair must be equal or one an abbreviation of the other.
  if (core.length > entity.length) return 0;
  const tail = entity.slice(-core.length);
  let abbreviated = false;
  for (let i = 0; i < core.length; i++) {
    const a = core[i]!;
    const b = tail[i]!;
    if (a === b) continue;
    if (abbreviates(a, b) || abbreviates(b, a)) abbreviated = true;
    else return 0;
  }
  if (!abbreviated) return 0;
  // Abbreviating only the tail of a longer entity (`cat` for `product_category`) is weaker.
  return core.length === entity.length ? 0.7 : 0.6;
}

function personRoleScore(role: string, target: ScanTable): number {
  if (!target.person) return 0;
  if (STAFF_ROLES.has(role)) return { staff: 0.8, user: 0.7, person: 0.6 }[target.person];
  if (ACTOR_ROLES.has(role)) return { user: 0.8, staff: 0.7, person: 0.6 }[target.person];
  return 0;
}

export function nameEvidence(
  sourceTable: ScanTable,
  source: ScanColumn,
  targetTable: ScanTable,
  target: ScanColumn,
): NameEvidence {
  const self = sourceTable.key === targetTable.key;
  const { stem, core, tokens } = source.name;
  const entity = targetTable.entity;
  const found: Array<[string, number]> = [];

  if (!self) {
    if (target.name.stem.length > 0 && sameTokens(tokens, target.name.tokens))
      found.push(['exact_column', 0.95]);
    if (sameTokens(stem, entity)) found.push(['entity', 0.95]);
    if (stem.length > 0 && stem.length < entity.length && startsWithTokens(entity, stem))
      found.push(['extension', 0.75]);
    const abbreviation = abbreviationScore(core, entity);
    if (abbreviation > 0) found.push(['abbreviation', abbreviation]);
  }
  // Qualified: the stem ends with the entity (or the target key's stem) after role words.
  for (const tail of [entity, target.name.stem]) {
    if (tail.length > 0 && stem.length > tail.length && endsWithTokens(stem, tail)) {
      found.push(['qualified', qualifiedScore(stem.slice(0, stem.length - tail.length))]);
      break;
    }
  }
  const head = core.at(-1) ?? '';
  if (self) {
    const rest = core.slice(0, -1);
    const hierarchy = HIERARCHY.has(head) || (PERSON_HIERARCHY.has(head) && targetTable.person !== undefined);
    if (hierarchy && (rest.length === 0 || sameTokens(rest, entity))) found.push(['self_role', 0.9]);
  } else {
    const role = personRoleScore(head, targetTable);
    if (role > 0) found.push(['person_role', role]);
  }
  if (found.length === 0) return { score: 0, kinds: [] };
  found.sort((a, b) => b[1] - a[1]);
  const kinds = [...new Set(found.map(([kind]) => kind))];
  // Agreement counts only between matchers that read the name differently. An extension says
  // nothing more than an exact column match; an abbreviation of the table name does (`pub_id`
  // is both the key's name and short for `publishers`).
  const independent = kinds.filter((kind) => kind !== 'extension');
  const bonus = independent.length > 1 ? 0.02 : 0;
  return { score: Math.min(0.97, found[0]![1] + bonus), kinds };
}

/**
 * The column is the key of the table it is named after (`film_id` for `film`, `pub_id` for
 * `publishers`): the table the key column identifies, when two tables share a key.
 */
export function namesTableOf(table: ScanTable, column: ScanColumn): boolean {
  if (isOwnId(table, column)) return true;
  const { core } = column.name;
  return (
    core.length > 0 && core.length <= table.entity.length && abbreviationScore(core, table.entity) >= 0.7
  );
}

/** Whether the column's name designates some other table of the scan (used for bridge tables). */
export function refersToOtherTable(
  table: ScanTable,
  column: ScanColumn,
  tables: readonly ScanTable[],
): boolean {
  const { stem } = column.name;
  if (stem.length === 0 || isOwnId(table, column)) return false;
  return tables.some(
    (other) =>
      other.key !== table.key &&
      (sameTokens(stem, other.entity) ||
        (stem.length > other.entity.length && endsWithTokens(stem, other.entity)) ||
        // A non-leading column named like another table's leading key (`CustomerTypeID`).
        (column.info.ordinal > 1 &&
          other.columns.some(
            (candidate) =>
              candidate.name.keyShaped &&
              candidate.name.stem.length > 0 &&
              sameTokens(candidate.name.tokens, column.name.tokens) &&
              candidate.info.ordinal === 1,
          ))),
  );
}
