import { describe, expect, it } from 'vitest';
import { commandFor, DEMO_EXAMPLES } from './examples.js';

describe('commandFor', () => {
  it('prints every part of a query as flags, quoted for a POSIX shell only where needed', () => {
    expect(
      commandFor({
        measures: ['orders.revenue'],
        dimensions: ['customers.segment', { field: 'orders.created_at', granularity: 'month' }],
        filters: ['orders.note = \'say "$HOME" `now`\''],
        segments: ['orders.paid'],
        order_by: [{ field: 'revenue', direction: 'desc' }, 'segment'],
        limit: 5,
        include_empty: true,
      }),
    ).toBe(
      'ktx sl query --measure orders.revenue --dimension customers.segment --dimension orders.created_at:month ' +
        `--filter "orders.note = 'say \\"\\$HOME\\" \\\`now\\\`'" --segment orders.paid ` +
        '--order-by revenue:desc --order-by segment --limit 5 --include-empty --execute',
    );
  });

  it('refuses what the flags cannot say, so a printed command never differs from the query', () => {
    expect(() => commandFor({ measures: [{ name: 'x', expr: 'count(*)' }] })).toThrow(/no flag form/);
    expect(() => commandFor({ dimensions: [{ field: 'orders.status', name: 'state' }] })).toThrow(
      /no flag form/,
    );
  });

  it('every demo example has a command', () => {
    for (const example of DEMO_EXAMPLES) expect(commandFor(example.query)).toMatch(/^ktx sl query /);
  });
});
