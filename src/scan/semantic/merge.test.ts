import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InvalidYamlError, mergeSource } from './merge.js';

/** Three-way merge cases: base = last generated, theirs = new generated, ours = the file on disk. */

const base = {
  name: 'orders',
  table: 'orders',
  grain: ['order_id'],
  columns: [
    { name: 'order_id', type: 'number' },
    { name: 'amount', type: 'number' },
    { name: 'status', type: 'string' },
  ],
  measures: [
    { name: 'count', expr: 'count(*)' },
    { name: 'sum_amount', expr: 'sum(amount)' },
  ],
  joins: [{ to: 'customers', on: 'customer_id = customers.customer_id', relationship: 'many_to_one' }],
};

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const toYaml = (value: unknown, comment = '') => `${comment}${JSON.stringify(value, null, 2)}\n`;

function oursFrom(edit: (doc: typeof base) => void): string {
  const doc = clone(base);
  edit(doc);
  return toYaml(doc);
}

describe('mergeSource', () => {
  it('changes nothing, byte for byte, when nothing changed', () => {
    const ours = `# my notes\nname: orders   # keep this\ntable: orders\ngrain: [order_id]\ncolumns:\n  - {name: order_id, type: number}\n  - {name: amount, type: number}\n  - {name: status, type: string}\nmeasures:\n  - {name: count, expr: count(*)}\n  - {name: sum_amount, expr: sum(amount)}\njoins:\n  - {to: customers, on: customer_id = customers.customer_id, relationship: many_to_one}\n`;
    const result = mergeSource(base, clone(base), ours);
    expect(result).toEqual({ text: ours, changed: false, conflicts: [] });
  });

  it('lets untouched fields follow the warehouse', () => {
    const theirs = clone(base);
    theirs.columns[1] = { name: 'amount', type: 'number', description: 'Order total.' } as never;
    theirs.columns.push({ name: 'placed_at', type: 'time' });
    const result = mergeSource(base, theirs, toYaml(base));
    const merged = parse(result.text);
    expect(result.changed).toBe(true);
    expect(merged.columns[1].description).toBe('Order total.');
    expect(merged.columns.map((c: { name: string }) => c.name)).toEqual([
      'order_id',
      'amount',
      'status',
      'placed_at',
    ]);
    expect(result.conflicts).toEqual([]);
  });

  it("keeps a person's change when the warehouse did not touch that field", () => {
    const ours = oursFrom((doc) => {
      doc.measures[1]!.expr = "sum(amount) filter (where status = 'paid')";
    });
    const theirs = clone(base);
    theirs.columns.push({ name: 'placed_at', type: 'time' });
    const merged = parse(mergeSource(base, theirs, ours).text);
    expect(merged.measures[1].expr).toContain("status = 'paid'");
    expect(merged.columns).toHaveLength(4);
  });

  it('resolves a conflict in favour of the person and reports it', () => {
    const ours = oursFrom((doc) => {
      (doc.columns[1] as Record<string, unknown>).description = 'Gross amount in cents (ours).';
    });
    const theirs = clone(base);
    (theirs.columns[1] as Record<string, unknown>).description = 'Generated description.';
    const result = mergeSource(base, theirs, ours);
    expect(parse(result.text).columns[1].description).toBe('Gross amount in cents (ours).');
    expect(result.conflicts).toEqual([
      { path: 'columns[amount].description', reason: expect.stringContaining('your version is kept') },
    ]);
  });

  it("keeps a person's deletions deleted, even when the warehouse changes the item", () => {
    const ours = oursFrom((doc) => {
      doc.measures.splice(1, 1);
      doc.joins = [];
    });
    const theirs = clone(base);
    theirs.measures[1]!.expr = 'sum(amount_usd)';
    const merged = parse(mergeSource(base, theirs, ours).text);
    expect(merged.measures.map((m: { name: string }) => m.name)).toEqual(['count']);
    expect(merged.joins).toEqual([]);
  });

  it('keeps a deleted top-level field deleted', () => {
    const doc = clone(base) as Record<string, unknown>;
    delete doc.measures;
    const theirs = clone(base);
    theirs.measures.push({ name: 'avg_amount', expr: 'avg(amount)' });
    expect(parse(mergeSource(base, theirs, toYaml(doc)).text).measures).toBeUndefined();
  });

  it('removes items the warehouse dropped unless the person edited them', () => {
    const theirs = clone(base);
    theirs.columns = theirs.columns.filter((c) => c.name !== 'status');
    theirs.joins = [];
    const ours = oursFrom((doc) => {
      (doc.joins[0] as Record<string, unknown>).description = 'Checked by finance.';
    });
    const result = mergeSource(base, theirs, ours);
    const merged = parse(result.text);
    expect(merged.columns.map((c: { name: string }) => c.name)).toEqual(['order_id', 'amount']);
    expect(merged.joins).toHaveLength(1);
    expect(result.conflicts[0]?.path).toBe('joins[customers|]');
  });

  it("keeps a person's own additions", () => {
    const ours = oursFrom((doc) => {
      doc.measures.push({ name: 'paid_revenue', expr: "sum(amount) filter (where status = 'paid')" });
      (doc as Record<string, unknown>).description = 'One row per order.';
    });
    const merged = parse(mergeSource(base, clone(base), ours).text);
    expect(merged.measures.at(-1).name).toBe('paid_revenue');
    expect(merged.description).toBe('One row per order.');
  });

  it('preserves comments when it edits the file', () => {
    const ours =
      '# Orders, curated by finance\nname: orders # the fact table\ntable: orders\ngrain: [order_id]\ncolumns:\n  # the key\n  - name: order_id\n    type: number\n  - name: amount\n    type: number\n  - name: status\n    type: string\n';
    const theirs = { ...clone(base), measures: undefined, joins: undefined };
    theirs.columns.push({ name: 'placed_at', type: 'time' });
    const b = { ...clone(base), measures: undefined, joins: undefined };
    const result = mergeSource(b as never, theirs as never, ours);
    expect(result.text).toContain('# Orders, curated by finance');
    expect(result.text).toContain('# the fact table');
    expect(result.text).toContain('# the key');
    expect(result.text).toContain('name: placed_at');
  });

  it('refuses to merge into a file that is not valid YAML', () => {
    expect(() => mergeSource(base, clone(base), 'name: [unclosed\n')).toThrow(InvalidYamlError);
  });
});
