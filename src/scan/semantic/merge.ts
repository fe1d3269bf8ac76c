import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { itemOrder, SOURCE_ORDER, YAML_OPTIONS } from './yaml-text.js';

/**
 * Field-level three-way merge of a generated source into the file a person edits:
 *   base   = what ktx generated last time (stored under raw-sources/<connection>/generated/),
 *   theirs = what ktx generates now, from the new scan,
 *   ours   = the file on disk.
 * A field nobody touched follows the warehouse; a field the person changed is kept; a field
 * the person deleted stays deleted; when both changed, the person wins and a conflict is
 * reported. Lists of named things (columns, measures, segments, joins) merge item by item.
 * Edits are applied to the YAML document in place, so comments and layout survive.
 */

export interface MergeConflict {
  /** Dotted path, e.g. `columns[amount].description`. */
  path: string;
  reason: string;
}

export interface MergeResult {
  text: string;
  changed: boolean;
  conflicts: MergeConflict[];
}

type Json = unknown;
type Item = Record<string, Json>;

const KEYED: Record<string, (item: Item) => string> = {
  columns: (item) => String(item.name),
  measures: (item) => String(item.name),
  segments: (item) => String(item.name),
  joins: (item) => `${String(item.to)}|${item.alias === undefined ? '' : String(item.alias)}`,
};

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as Json[];
    return a.length === other.length && a.every((value, index) => deepEqual(value, other[index]));
  }
  const ka = Object.keys(a as object).filter((key) => (a as Item)[key] !== undefined);
  const kb = Object.keys(b as object).filter((key) => (b as Item)[key] !== undefined);
  return ka.length === kb.length && ka.every((key) => deepEqual((a as Item)[key], (b as Item)[key]));
}

function keyOfPair(pair: { key: unknown }): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** Inserts `key: value` into a map at its canonical position (before the first later key). */
function insertPair(doc: Document, map: YAMLMap, key: string, value: Json, order: string[]): void {
  const pair = doc.createPair(key, value);
  const rank = order.indexOf(key);
  const index =
    rank < 0
      ? -1
      : map.items.findIndex((existing) => {
          const other = order.indexOf(keyOfPair(existing));
          return other > rank || other < 0;
        });
  if (index < 0) map.items.push(pair);
  else map.items.splice(index, 0, pair);
}

function setValue(doc: Document, map: YAMLMap, key: string, value: Json, order: string[]): void {
  if (value === undefined) {
    map.delete(key);
    return;
  }
  const existing = map.get(key, true) as Node | undefined;
  if (existing && isScalar(existing) && (value === null || typeof value !== 'object')) {
    // Replace the value in place so comments attached to the node survive.
    existing.value = value;
    return;
  }
  if (map.has(key)) map.set(key, doc.createNode(value));
  else insertPair(doc, map, key, value, order);
}

class Merger {
  readonly conflicts: MergeConflict[] = [];
  constructor(private readonly doc: Document) {}

  field(
    map: YAMLMap,
    key: string,
    path: string,
    base: Json,
    ours: Json,
    theirs: Json,
    order: string[],
  ): void {
    if (deepEqual(ours, theirs)) return;
    if (deepEqual(ours, base)) {
      setValue(this.doc, map, key, theirs, order);
      return;
    }
    if (deepEqual(theirs, base)) return;
    this.conflicts.push({
      path,
      reason:
        ours === undefined
          ? 'you deleted it and the warehouse changed it; it stays deleted'
          : 'you and the warehouse both changed it; your version is kept',
    });
  }

  item(node: YAMLMap, path: string, base: Item | undefined, ours: Item, theirs: Item, order: string[]): void {
    const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(ours), ...Object.keys(theirs)]);
    for (const key of keys)
      this.field(node, key, `${path}.${key}`, base?.[key], ours[key], theirs[key], order);
  }

  list(root: YAMLMap, field: string, base: Json, ours: Json, theirs: Json): void {
    const keyOf = KEYED[field]!;
    const seq = root.get(field, true) as YAMLSeq | undefined;
    if (
      !seq ||
      !isSeq(seq) ||
      !Array.isArray(ours) ||
      !Array.isArray(theirs) ||
      (base !== undefined && !Array.isArray(base))
    ) {
      this.field(root, field, field, base, ours, theirs, SOURCE_ORDER);
      return;
    }
    const order = itemOrder(field) ?? [];
    const byKey = (items: Json[]) =>
      new Map((items as Item[]).filter((i) => i && typeof i === 'object').map((i) => [keyOf(i), i]));
    const baseItems = byKey((base as Json[] | undefined) ?? []);
    const theirItems = byKey(theirs);
    const ourItems = byKey(ours);

    for (const node of [...seq.items]) {
      if (!isMap(node)) continue;
      const value = node.toJSON() as Item;
      const key = keyOf(value);
      const b = baseItems.get(key);
      const t = theirItems.get(key);
      const path = `${field}[${key}]`;
      if (t) this.item(node, path, b, value, t, order);
      else if (b) {
        if (deepEqual(value, b)) seq.items.splice(seq.items.indexOf(node), 1);
        else
          this.conflicts.push({
            path,
            reason: 'no longer generated (gone from the warehouse) but you edited it; kept',
          });
      }
    }
    // New items go after their predecessor in the generated order.
    const theirOrder = [...theirItems.keys()];
    theirOrder.forEach((key, index) => {
      if (ourItems.has(key) || baseItems.has(key)) return;
      const node = this.doc.createNode(theirItems.get(key));
      let position = 0;
      for (let previous = index - 1; previous >= 0; previous--) {
        const at = seq.items.findIndex((n) => isMap(n) && keyOf(n.toJSON() as Item) === theirOrder[previous]);
        if (at >= 0) {
          position = at + 1;
          break;
        }
      }
      seq.items.splice(position, 0, node);
      ourItems.set(key, theirItems.get(key)!);
    });
  }
}

export class InvalidYamlError extends Error {}

export function mergeSource(base: Item | undefined, theirs: Item, oursText: string): MergeResult {
  const doc = parseDocument(oursText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new InvalidYamlError(doc.errors[0]?.message ?? 'the file is not a YAML mapping');
  }
  const root = doc.contents as YAMLMap;
  const ours = doc.toJS() as Item;
  const merger = new Merger(doc);
  const fields = new Set([...Object.keys(base ?? {}), ...Object.keys(ours), ...Object.keys(theirs)]);
  for (const field of SOURCE_ORDER.filter((f) => fields.has(f)).concat(
    [...fields].filter((f) => !SOURCE_ORDER.includes(f)),
  )) {
    if (KEYED[field] && root.has(field)) merger.list(root, field, base?.[field], ours[field], theirs[field]);
    else merger.field(root, field, field, base?.[field], ours[field], theirs[field], SOURCE_ORDER);
  }
  const text = doc.toString(YAML_OPTIONS);
  // Nothing to change: leave the person's bytes (and formatting) exactly as they were.
  if (deepEqual(parseDocument(text).toJS(), ours))
    return { text: oursText, changed: false, conflicts: merger.conflicts };
  return { text, changed: true, conflicts: merger.conflicts };
}
