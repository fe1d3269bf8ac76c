import type { ColumnProfile, RelationshipResult, TableSnapshot } from '../../scan/types.js';

/**
 * Prompts for table and column descriptions, built for the prompt cache: the instructions and
 * the warehouse overview are the same for every batch of a run (system prompt, cached), and
 * only the detailed tables of the batch vary (the user message).
 */

export const DESCRIPTION_INSTRUCTIONS = `# Describing warehouse tables for data agents

You write the descriptions that analysts and AI agents read before they query this warehouse.
A good description saves them from guessing which table is canonical, what a row is, and how a
value should be read. You are given a warehouse overview (every table and the known joins) and,
in the user message, detailed profiles of the tables to describe now.

## For each table
- Say what one row is (the grain), in business words: "One row per invoice issued to a customer
  account", not "Invoice data".
- Name the business process or entity it records, and the most important joins in words
  ("belongs to an account through account_id").
- Mention what an agent must not miss: soft deletes (deleted_at), test or internal rows
  (is_test), statuses that exclude rows from revenue, denormalised copies, bridge tables.
- One to three sentences, at most 400 characters.

## For each column
- Say what the value means and how to read it: units and currency, time zone of timestamps,
  what each code of a low-cardinality column stands for when the values make it clear, whether
  null has a meaning ("null until the subscription is canceled").
- For keys, say what they identify or reference ("references accounts.account_id").
- For sensitive columns (emails, names, phone numbers, tokens), describe the content without
  repeating any sample value.
- One sentence, at most 200 characters. No column name echo ("account_id: The account id").

## Ground rules
- Use only what the profiles, names, declared comments and joins support. When something is an
  inference, say "likely". Never invent business rules.
- Declared comments from the database are authoritative: keep their meaning.
- Describe every table of the batch and every column of each table, using the exact table keys
  and column names given.
- Plain text inside the JSON strings: no Markdown, no line breaks.

## Example
Given this table (from another warehouse):

## shipments
table, 48210 rows
Columns:
- shipment_id · number (BIGINT) · primary key · not null · 48210 distinct (unique)
- order_id · number (BIGINT) · not null · 47100 distinct
- carrier · string (TEXT) · 3 distinct · values: ups (21000), fedex (17000), dhl (10210)
- shipped_at · time (TIMESTAMPTZ) · 2% null · 47000 distinct
- weight_g · number (INTEGER) · min 12, max 31000
- recipient_phone · string (TEXT) · sensitive (phone): values withheld
Joins:
- shipments.order_id → orders.order_id (many-to-one, inferred)

a good answer is:
{"tables":[{"key":"shipments","description":"One row per parcel sent to a customer; an order can ship in several parcels, so count orders through order_id, not rows.","columns":[
{"name":"shipment_id","description":"Unique identifier of the parcel."},
{"name":"order_id","description":"The order this parcel fulfils; references orders.order_id (several parcels per order are possible)."},
{"name":"carrier","description":"Shipping company that carried the parcel: ups, fedex or dhl."},
{"name":"shipped_at","description":"When the parcel left the warehouse (UTC); null while it has not shipped yet."},
{"name":"weight_g","description":"Parcel weight in grams."},
{"name":"recipient_phone","description":"Phone number of the recipient (personal data)."}]}]}`;

function rows(table: TableSnapshot): string {
  const count = table.profile?.rowCount ?? table.rowCountEstimate;
  return count === null || count === undefined ? 'row count unknown' : `${count} rows`;
}

function joinsOf(key: string, relationships: RelationshipResult[]): string[] {
  return relationships
    .filter((rel) => rel.from.table === key || rel.to.table === key)
    .map(
      (rel) =>
        `${rel.from.table}.${rel.from.columns.join('+')} → ${rel.to.table}.${rel.to.columns.join('+')} (${rel.cardinality.replaceAll('_', '-')}, ${rel.source}${rel.status === 'review' ? ', unconfirmed' : ''})`,
    );
}

/** Every table with its columns and every known join: stable across the batches of a run. */
export function warehouseOverview(
  connection: string,
  tables: TableSnapshot[],
  relationships: RelationshipResult[],
): string {
  const lines = [`# Warehouse overview: connection ${connection}, ${tables.length} tables`, ''];
  for (const table of [...tables].sort((a, b) => a.key.localeCompare(b.key))) {
    const pk = table.primaryKey?.length ? `; key ${table.primaryKey.join(', ')}` : '';
    lines.push(
      `- ${table.key} (${table.kind}, ${rows(table)}${pk}): ${table.columns.map((c) => c.name).join(', ')}`,
    );
  }
  if (relationships.length > 0) {
    lines.push('', '## Joins');
    const sorted = [...relationships].sort((a, b) =>
      `${a.from.table}.${a.from.columns}`.localeCompare(`${b.from.table}.${b.from.columns}`),
    );
    for (const rel of sorted) {
      lines.push(
        `- ${rel.from.table}.${rel.from.columns.join('+')} → ${rel.to.table}.${rel.to.columns.join('+')}${rel.status === 'review' ? ' (unconfirmed)' : ''}`,
      );
    }
  }
  return lines.join('\n');
}

function percent(ratio: number): string {
  return ratio === 0 ? '0%' : ratio < 0.01 ? '<1%' : `${Math.round(ratio * 100)}%`;
}

function columnLine(
  column: TableSnapshot['columns'][number],
  profile: ColumnProfile | undefined,
  isKey: boolean,
): string {
  const parts = [`- ${column.name}`, `${column.type} (${column.nativeType})`];
  if (isKey) parts.push('primary key');
  if (!column.nullable) parts.push('not null');
  if (column.comment) parts.push(`declared comment: "${column.comment}"`);
  if (profile) {
    if (profile.nullRate > 0) parts.push(`${percent(profile.nullRate)} null`);
    parts.push(`${profile.distinctCount} distinct${profile.distinctRatio >= 0.999 ? ' (unique)' : ''}`);
    if (profile.min !== undefined && profile.min !== null && !profile.sensitive)
      parts.push(`min ${profile.min}, max ${profile.max}`);
    if (profile.sensitive) parts.push(`sensitive (${profile.sensitive}): values withheld`);
    else if (profile.topValues?.length)
      parts.push(
        `values: ${profile.topValues
          .slice(0, 8)
          .map((v) => `${v.value} (${v.count})`)
          .join(', ')}`,
      );
    else if (profile.samples?.length) parts.push(`e.g. ${profile.samples.slice(0, 3).join(', ')}`);
  }
  return parts.join(' · ');
}

/** The detailed part for one table (goes into the varying user message). */
export function tableSection(table: TableSnapshot, relationships: RelationshipResult[]): string {
  const profiles = new Map((table.profile?.columns ?? []).map((p) => [p.name, p]));
  const keys = new Set(table.primaryKey ?? []);
  const lines = [
    `## ${table.key}`,
    `${table.kind}, ${rows(table)}${table.profile?.sampled ? ` (profiled on a ${table.profile.rowsProfiled}-row sample)` : ''}`,
  ];
  if (table.comment) lines.push(`Declared comment: "${table.comment}"`);
  lines.push('Columns:');
  for (const column of [...table.columns].sort((a, b) => a.ordinal - b.ordinal)) {
    lines.push(columnLine(column, profiles.get(column.name), keys.has(column.name)));
  }
  const joins = joinsOf(table.key, relationships);
  if (joins.length) lines.push('Joins:', ...joins.map((join) => `- ${join}`));
  return lines.join('\n');
}

export function batchPrompt(sections: string[]): string {
  const ask =
    sections.length === 1
      ? 'Describe this table and all its columns.'
      : `Describe these ${sections.length} tables and all their columns.`;
  return [ask, ...sections].join('\n\n');
}

/** A rough token count (4 characters per token), enough to size batches. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
