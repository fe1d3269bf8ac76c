import { DEMO_EXAMPLES } from '../../../src/demo/examples.js';
import type { RefHelpers } from '../support/ref-helpers.js';
import { combined } from './cases-demo-traps.js';
import type { GoldenCase } from './types.js';

/**
 * The queries `ktx demo` prints as examples (src/demo/examples.ts), each checked against
 * hand-written SQL on every engine: what the demo shows a newcomer must be right, not only run.
 * The queries are taken from the product list itself, so editing an example without updating
 * its reference here fails the suite.
 */

const REAL_CUSTOMER = 'NOT a.is_test AND a.deleted_at IS NULL';
const INVOICED = "SUM(CASE WHEN i.status NOT IN ('void', 'draft') THEN i.total END)";

const REFERENCES: Record<
  string,
  { trap?: 'fan' | 'chasm'; ordered?: boolean; sql: (h: RefHelpers) => string }
> = {
  'MRR by plan tier, real customers only': {
    ordered: true,
    sql: () => `SELECT p.tier AS tier, SUM(CASE WHEN s.status = 'active' THEN s.mrr END) AS mrr,
          COUNT(CASE WHEN s.status = 'active' THEN 1 END) AS active_subscriptions
        FROM subscriptions s JOIN accounts a ON a.account_id = s.account_id
        LEFT JOIN plans p ON p.plan_code = s.plan_code
        WHERE ${REAL_CUSTOMER} GROUP BY p.tier ORDER BY mrr DESC`,
  },
  'Invoiced revenue by segment, invoices with a discount line': {
    trap: 'fan',
    ordered: true,
    sql: () => `SELECT a.segment AS segment, ${INVOICED} AS invoiced_amount, COUNT(*) AS invoice_count
        FROM invoices i JOIN accounts a ON a.account_id = i.account_id
        WHERE i.invoice_id IN (SELECT invoice_id FROM invoice_line_items WHERE kind = 'discount')
          AND i.currency = 'USD' AND ${REAL_CUSTOMER}
        GROUP BY a.segment ORDER BY invoiced_amount DESC`,
  },
  'Ticket load vs USD invoiced amount per region': {
    trap: 'chasm',
    ordered: true,
    // The currency filter is about invoices only; the customers segment applies to both facts.
    sql: (h) =>
      combined(
        h,
        'region',
        [
          {
            keys: `SELECT a.region FROM support_tickets t JOIN accounts a ON a.account_id = t.account_id WHERE ${REAL_CUSTOMER}`,
            aggregate: `SELECT a.region, COUNT(*) AS v FROM support_tickets t JOIN accounts a ON a.account_id = t.account_id
                WHERE ${REAL_CUSTOMER} GROUP BY a.region`,
            alias: 'tk',
          },
          {
            keys: `SELECT a.region FROM invoices i JOIN accounts a ON a.account_id = i.account_id
                WHERE i.currency = 'USD' AND ${REAL_CUSTOMER}`,
            aggregate: `SELECT a.region, ${INVOICED} AS v FROM invoices i JOIN accounts a ON a.account_id = i.account_id
                WHERE i.currency = 'USD' AND ${REAL_CUSTOMER} GROUP BY a.region`,
            alias: 'inv',
          },
        ],
        'COALESCE(tk.v, 0) AS ticket_count, inv.v AS invoiced_amount',
      ) + ' ORDER BY region',
  },
};

export const DEMO_EXAMPLE_CASES: GoldenCase[] = DEMO_EXAMPLES.map((example) => {
  const reference = REFERENCES[example.title];
  if (!reference)
    throw new Error(`demo example "${example.title}" has no reference SQL in ${import.meta.url}`);
  return {
    name: `demo example: ${example.title}`,
    query: example.query,
    reference: reference.sql,
    ...(reference.trap ? { trap: reference.trap } : {}),
    ...(reference.ordered ? { ordered: true } : {}),
  };
});
