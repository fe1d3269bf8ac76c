import type { ColumnInfo } from '../../connectors/types.js';
import type { SemanticMeasure } from '../../semantic/schema.js';
import { keyClass } from '../column-kinds.js';
import { columnName, tokens } from '../keys/names.js';
import type { ColumnProfile } from '../types.js';

/**
 * Default measures for a generated source: `count` always, then one aggregate per numeric
 * column that is a quantity rather than an identifier or a code. Additive quantities (amounts,
 * quantities, durations in total) are summed; intensive ones (prices, rates, scores, ages) are
 * averaged, because summing them means nothing. People refine these by editing the file.
 */

const ADDITIVE =
  /^(amount|amt|total|subtotal|sum|revenue|sales|cost|costs|tax|taxes|freight|fee|fees|balance|paid|due|mrr|arr|gmv|profit|margin|discount_amount|quantity|qty|units|seats|count|bytes|size_bytes|duration|milliseconds|seconds|minutes|hours|weight|volume|points|credits|spend|value|net|gross)$/;
const INTENSIVE =
  /^(price|rate|ratio|pct|percent|percentage|score|rating|avg|average|mean|age|discount|probability|latitude|longitude|lat|lng|lon|length|level|rank|temperature)$/;
const MONEY =
  /^(amount|amt|total|subtotal|revenue|sales|cost|costs|tax|taxes|freight|fee|fees|balance|paid|due|mrr|arr|gmv|profit|price|spend|net|gross)$/;
/** Numbers that are really labels: years, codes, phone numbers, flags. */
const LABEL =
  /^(year|month|day|week|quarter|hour|zip|postal|phone|fax|version|revision|number|no|num|code|flag|status|type|sort|order|position|seq|sequence|ordinal|index|priority)$/;

export interface MeasureInput {
  column: ColumnInfo;
  /** The semantic column name (used for the measure name). */
  name: string;
  /** How the column is written in SQL inside this source. */
  sql: string;
  profile: ColumnProfile | undefined;
  isKey: boolean;
}

export function defaultMeasures(inputs: MeasureInput[]): SemanticMeasure[] {
  const measures: SemanticMeasure[] = [{ name: 'count', expr: 'count(*)', description: 'Number of rows.' }];
  const taken = new Set(['count']);
  for (const input of inputs) {
    const measure = measureFor(input);
    if (!measure || taken.has(measure.name.toLowerCase())) continue;
    taken.add(measure.name.toLowerCase());
    measures.push(measure);
  }
  return measures;
}

function measureFor(input: MeasureInput): SemanticMeasure | undefined {
  const { column, profile } = input;
  if (column.type !== 'number' || input.isKey) return undefined;
  const parsed = columnName(column.name);
  if (parsed.keyShaped) return undefined;
  const words = tokens(column.name);
  const head = words.at(-1) ?? '';
  if (LABEL.test(head)) return undefined;
  // Two distinct values (0/1 flags) are categories, not quantities.
  if (profile && profile.distinctCount <= 2 && keyClass(column) === 'integer') return undefined;
  // The last word decides (`unit_price` is a price, `price_total` a total); unknown words sum.
  const intensive =
    INTENSIVE.test(head) || (!ADDITIVE.test(head) && words.some((word) => INTENSIVE.test(word)));
  const kind = intensive ? 'avg' : 'sum';
  const money = words.some((word) => MONEY.test(word));
  return {
    name: `${kind}_${input.name}`,
    expr: `${kind}(${input.sql})`,
    description: kind === 'sum' ? `Total of ${column.name}.` : `Average of ${column.name}.`,
    ...(money ? { format: 'currency' as const } : {}),
  };
}

const EVENT_TIME =
  /(created|creation|order|occur|issue|event|transaction|paid|payment|start|open|sign|placed|booked|submitted|sent|received|invoice|rental|shipped|hire|posted|logged)/;
const NOT_EVENT_TIME =
  /(updated|modified|last_update|deleted|cancel|due|end|expir|birth|valid_to|until|removed|archived)/;

/** The column most likely to date each row (`created_at`, `order_date`), if any. */
export function defaultTimeDimension(
  columns: Array<{ column: ColumnInfo; name: string }>,
): string | undefined {
  const times = columns.filter(({ column }) => column.type === 'date' || column.type === 'time');
  const named = (pattern: RegExp) => times.find(({ column }) => pattern.test(tokens(column.name).join('_')));
  const eventful = times.filter(({ column }) => !NOT_EVENT_TIME.test(tokens(column.name).join('_')));
  const preferred = eventful.find(({ column }) => EVENT_TIME.test(tokens(column.name).join('_')));
  return (preferred ?? eventful[0] ?? named(/^date$/))?.name;
}
