import type { RefHelpers } from '../support/ref-helpers.js';
import type { GoldenCase } from './types.js';

/**
 * The demo warehouse's fan and chasm traps (docs/demo-warehouse.md): invoices repeated by their
 * line items, accounts repeated by the account_features bridge, and independent facts per
 * account (subscriptions, invoices, payments, refunds, tickets, users, events). Each reference
 * aggregates every fact at its own grain first, by hand.
 */

const INVOICED = "SUM(CASE WHEN i.status NOT IN ('void', 'draft') THEN i.total END)";
const ACTIVE_MRR = "SUM(CASE WHEN s.status = 'active' THEN s.mrr END)";
const LINE_KINDS = 'SELECT DISTINCT invoice_id, kind FROM invoice_line_items';
const FEATURES_OF_ACCOUNT = (column: string) =>
  `SELECT DISTINCT af.account_id, f.${column} FROM account_features af LEFT JOIN features f ON f.feature_code = af.feature_code`;

/** Per-fact aggregates matched on their dimension keys, NULLs included (the union is the key set). */
export function combined(
  h: RefHelpers,
  key: string,
  facts: Array<{ keys: string; aggregate: string; alias: string }>,
  outputs: string,
): string {
  const keys = facts.map((f) => f.keys).join(' UNION ');
  const joins = facts
    .map((f) => `LEFT JOIN (${f.aggregate}) ${f.alias} ON ${h.same(`${f.alias}.${key}`, `d.${key}`)}`)
    .join('\n      ');
  return `SELECT d.${key} AS ${key}, ${outputs} FROM (${keys}) d
      ${joins}`;
}

export const DEMO_TRAP_CASES: GoldenCase[] = [
  // ---------------------------------------------------------------- fan traps
  {
    name: 'demo fan trap: invoiced amount by line item kind (an invoice counts once per kind)',
    trap: 'fan',
    query: {
      measures: ['invoices.invoiced_amount', 'invoices.invoice_count'],
      dimensions: ['invoice_line_items.kind'],
    },
    reference: () => `SELECT k.kind AS kind, ${INVOICED} AS invoiced_amount, COUNT(*) AS invoice_count
      FROM invoices i LEFT JOIN (${LINE_KINDS}) k ON k.invoice_id = i.invoice_id GROUP BY k.kind`,
  },
  {
    name: 'demo fan trap: average invoice total by line item kind (repetition would skew it)',
    trap: 'fan',
    query: { measures: ['invoices.avg_invoice_total'], dimensions: ['invoice_line_items.kind'] },
    reference:
      () => `SELECT k.kind AS kind, AVG(CASE WHEN i.status NOT IN ('void', 'draft') THEN i.total END) AS avg_invoice_total
      FROM invoices i LEFT JOIN (${LINE_KINDS}) k ON k.invoice_id = i.invoice_id GROUP BY k.kind`,
  },
  {
    name: 'demo fan trap: invoices that contain a discount line (existence, not a join)',
    trap: 'fan',
    query: {
      measures: ['invoices.invoiced_amount', 'invoices.invoice_count'],
      filters: ["invoice_line_items.kind = 'discount'"],
    },
    reference: () => `SELECT ${INVOICED} AS invoiced_amount, COUNT(*) AS invoice_count FROM invoices i
      WHERE i.invoice_id IN (SELECT invoice_id FROM invoice_line_items WHERE kind = 'discount')`,
  },
  {
    name: 'demo fan trap: distinct billed accounts by line kind (count distinct is immune)',
    trap: 'fan',
    query: {
      measures: [{ name: 'billed_accounts', expr: 'count(distinct invoices.account_id)' }],
      dimensions: ['invoice_line_items.kind'],
    },
    reference: () => `SELECT l.kind AS kind, COUNT(DISTINCT i.account_id) AS billed_accounts
      FROM invoices i LEFT JOIN invoice_line_items l ON l.invoice_id = i.invoice_id GROUP BY l.kind`,
  },
  {
    name: 'demo fan trap: real customers by feature category (accounts through the many-to-many bridge)',
    trap: 'fan',
    query: { measures: ['accounts.customer_count'], dimensions: ['features.category'] },
    reference:
      () => `SELECT k.category AS category, COUNT(CASE WHEN NOT a.is_test AND a.deleted_at IS NULL THEN 1 END) AS customer_count
      FROM accounts a LEFT JOIN (${FEATURES_OF_ACCOUNT('category')}) k ON k.account_id = a.account_id GROUP BY k.category`,
  },
  {
    name: 'demo fan trap: MRR by enabled feature (subscriptions → accounts → bridge → features)',
    trap: 'fan',
    query: { measures: ['subscriptions.mrr'], dimensions: ['features.feature_name'] },
    reference: () => `SELECT k.feature_name AS feature_name, ${ACTIVE_MRR} AS mrr
      FROM subscriptions s LEFT JOIN (${FEATURES_OF_ACCOUNT('feature_name')}) k ON k.account_id = s.account_id
      GROUP BY k.feature_name`,
  },
  {
    name: 'demo fan trap: tickets by feature category, test accounts excluded',
    trap: 'fan',
    query: {
      measures: ['support_tickets.ticket_count'],
      dimensions: ['features.category'],
      filters: ['accounts.is_test = false'],
    },
    reference: () => `SELECT k.category AS category, COUNT(*) AS ticket_count
      FROM support_tickets t JOIN accounts a ON a.account_id = t.account_id
      LEFT JOIN (${FEATURES_OF_ACCOUNT('category')}) k ON k.account_id = a.account_id
      WHERE NOT a.is_test GROUP BY k.category`,
  },
  // ---------------------------------------------------------------- chasm traps
  {
    name: 'demo chasm trap: invoiced amount (USD invoices) and ticket load per region',
    trap: 'chasm',
    query: {
      measures: ['invoices.invoiced_amount', 'support_tickets.ticket_count'],
      dimensions: ['accounts.region'],
      filters: ["invoices.currency = 'USD'"],
    },
    reference: (h) =>
      combined(
        h,
        'region',
        [
          {
            keys: "SELECT a.region FROM invoices i LEFT JOIN accounts a ON a.account_id = i.account_id WHERE i.currency = 'USD'",
            aggregate: `SELECT a.region, ${INVOICED} AS v FROM invoices i LEFT JOIN accounts a ON a.account_id = i.account_id
              WHERE i.currency = 'USD' GROUP BY a.region`,
            alias: 'inv',
          },
          {
            keys: 'SELECT a.region FROM support_tickets t LEFT JOIN accounts a ON a.account_id = t.account_id',
            aggregate: `SELECT a.region, COUNT(*) AS v FROM support_tickets t LEFT JOIN accounts a ON a.account_id = t.account_id
              GROUP BY a.region`,
            alias: 'tk',
          },
        ],
        'inv.v AS invoiced_amount, COALESCE(tk.v, 0) AS ticket_count',
      ),
  },
  {
    name: 'demo chasm trap: net revenue = succeeded payments − refunds, per segment',
    trap: 'chasm',
    query: {
      measures: [
        { name: 'net_revenue', expr: 'payments.gross_payments - refunds.refunded_amount' },
        'payments.gross_payments',
        'refunds.refunded_amount',
      ],
      dimensions: ['accounts.segment'],
    },
    reference: (h) =>
      combined(
        h,
        'segment',
        [
          {
            keys: 'SELECT a.segment FROM payments p LEFT JOIN accounts a ON a.account_id = p.account_id',
            aggregate: `SELECT a.segment, SUM(CASE WHEN p.status = 'succeeded' THEN p.amount END) AS v
              FROM payments p LEFT JOIN accounts a ON a.account_id = p.account_id GROUP BY a.segment`,
            alias: 'pay',
          },
          {
            keys: `SELECT a.segment FROM refunds r LEFT JOIN payments p ON p.payment_id = r.payment_id
              LEFT JOIN accounts a ON a.account_id = p.account_id`,
            aggregate: `SELECT a.segment, SUM(r.amount) AS v FROM refunds r LEFT JOIN payments p ON p.payment_id = r.payment_id
              LEFT JOIN accounts a ON a.account_id = p.account_id GROUP BY a.segment`,
            alias: 'ref',
          },
        ],
        'pay.v - ref.v AS net_revenue, pay.v AS gross_payments, ref.v AS refunded_amount',
      ),
  },
  {
    name: 'demo chasm trap: MRR, tickets and active users per segment, real customers only (three facts)',
    trap: 'chasm',
    query: {
      measures: ['subscriptions.mrr', 'support_tickets.ticket_count', 'users.active_users'],
      dimensions: ['accounts.segment'],
      segments: ['accounts.customers'],
    },
    reference: () => `SELECT d.segment AS segment,
        (SELECT ${ACTIVE_MRR} FROM subscriptions s JOIN accounts a ON a.account_id = s.account_id
          WHERE a.segment = d.segment AND NOT a.is_test AND a.deleted_at IS NULL) AS mrr,
        (SELECT COUNT(*) FROM support_tickets t JOIN accounts a ON a.account_id = t.account_id
          WHERE a.segment = d.segment AND NOT a.is_test AND a.deleted_at IS NULL) AS ticket_count,
        (SELECT COUNT(CASE WHEN u.deleted_at IS NULL THEN 1 END) FROM users u JOIN accounts a ON a.account_id = u.account_id
          WHERE a.segment = d.segment AND NOT a.is_test AND a.deleted_at IS NULL) AS active_users
      FROM (SELECT DISTINCT segment FROM accounts WHERE NOT is_test AND deleted_at IS NULL) d`,
  },
  {
    name: 'demo chasm trap: subscriptions and invoices per plan tier (invoices reach plans through subscriptions)',
    trap: 'chasm',
    query: {
      measures: ['subscriptions.subscription_count', 'invoices.invoice_count'],
      dimensions: ['plans.tier'],
    },
    reference: () => `SELECT d.tier AS tier,
        (SELECT COUNT(*) FROM subscriptions s JOIN plans p ON p.plan_code = s.plan_code WHERE p.tier = d.tier) AS subscription_count,
        (SELECT COUNT(*) FROM invoices i JOIN subscriptions s ON s.subscription_id = i.subscription_id
          JOIN plans p ON p.plan_code = s.plan_code WHERE p.tier = d.tier) AS invoice_count
      FROM (SELECT DISTINCT tier FROM plans) d`,
  },
  {
    name: 'demo chasm trap: MRR and tickets by parent company segment (the NULL key matches across facts)',
    trap: 'chasm',
    query: {
      measures: ['subscriptions.mrr', 'support_tickets.ticket_count'],
      dimensions: ['parent_account.segment'],
    },
    reference: (h) => {
      const parent = (fact: string, alias: string) =>
        `FROM ${fact} ${alias} LEFT JOIN accounts a ON a.account_id = ${alias}.account_id
          LEFT JOIN accounts pa ON pa.account_id = a.parent_account_id`;
      return combined(
        h,
        'segment',
        [
          {
            keys: `SELECT pa.segment ${parent('subscriptions', 's')}`,
            aggregate: `SELECT pa.segment, ${ACTIVE_MRR} AS v ${parent('subscriptions', 's')} GROUP BY pa.segment`,
            alias: 'sub',
          },
          {
            keys: `SELECT pa.segment ${parent('support_tickets', 't')}`,
            aggregate: `SELECT pa.segment, COUNT(*) AS v ${parent('support_tickets', 't')} GROUP BY pa.segment`,
            alias: 'tk',
          },
        ],
        'sub.v AS mrr, COALESCE(tk.v, 0) AS ticket_count',
      );
    },
  },
  {
    name: 'demo chasm trap: events and tickets by signup quarter of the account (a shared time grain)',
    trap: 'chasm',
    query: {
      measures: ['events.event_count', 'support_tickets.ticket_count'],
      dimensions: ['accounts.created_at:quarter'],
    },
    reference: (h) => {
      const quarter = h.quarter('a.created_at');
      const from = (fact: string, alias: string) =>
        `FROM ${fact} ${alias} LEFT JOIN accounts a ON a.account_id = ${alias}.account_id`;
      return combined(
        h,
        'created_at_quarter',
        [
          {
            keys: `SELECT ${quarter} AS created_at_quarter ${from('events', 'e')}`,
            aggregate: `SELECT ${quarter} AS created_at_quarter, COUNT(*) AS v ${from('events', 'e')} GROUP BY ${quarter}`,
            alias: 'ev',
          },
          {
            keys: `SELECT ${quarter} ${from('support_tickets', 't')}`,
            aggregate: `SELECT ${quarter} AS created_at_quarter, COUNT(*) AS v ${from('support_tickets', 't')} GROUP BY ${quarter}`,
            alias: 'tk',
          },
        ],
        'COALESCE(ev.v, 0) AS event_count, COALESCE(tk.v, 0) AS ticket_count',
      );
    },
  },
  {
    name: 'demo chasm trap with include_empty: feature adoptions and tickets for every industry',
    trap: 'chasm',
    query: {
      measures: ['account_features.feature_adoptions', 'support_tickets.ticket_count'],
      dimensions: ['accounts.industry'],
      include_empty: true,
    },
    reference: (h) => `SELECT d.industry AS industry,
        (SELECT COUNT(*) FROM account_features af LEFT JOIN accounts a ON a.account_id = af.account_id
          WHERE ${h.same('a.industry', 'd.industry')}) AS feature_adoptions,
        (SELECT COUNT(*) FROM support_tickets t LEFT JOIN accounts a ON a.account_id = t.account_id
          WHERE ${h.same('a.industry', 'd.industry')}) AS ticket_count
      FROM (SELECT industry FROM accounts
            UNION SELECT a.industry FROM account_features af LEFT JOIN accounts a ON a.account_id = af.account_id
            UNION SELECT a.industry FROM support_tickets t LEFT JOIN accounts a ON a.account_id = t.account_id) d`,
  },
  {
    name: 'demo chasm trap: tickets per real customer by region (a ratio across two grains)',
    trap: 'chasm',
    query: {
      measures: [
        { name: 'tickets_per_customer', expr: 'support_tickets.ticket_count / accounts.customer_count' },
      ],
      dimensions: ['accounts.region'],
    },
    reference: (h) =>
      `SELECT d.region AS region, ${h.div(
        '(SELECT COUNT(*) FROM support_tickets t JOIN accounts a ON a.account_id = t.account_id WHERE a.region = d.region)',
        '(SELECT COUNT(*) FROM accounts a WHERE a.region = d.region AND NOT a.is_test AND a.deleted_at IS NULL)',
      )} AS tickets_per_customer FROM (SELECT DISTINCT region FROM accounts) d`,
  },
  {
    name: 'demo chasm trap: grand totals of payments, refunds and tickets',
    trap: 'chasm',
    query: {
      measures: ['payments.gross_payments', 'refunds.refunded_amount', 'support_tickets.ticket_count'],
    },
    reference:
      () => `SELECT (SELECT SUM(CASE WHEN status = 'succeeded' THEN amount END) FROM payments) AS gross_payments,
        (SELECT SUM(amount) FROM refunds) AS refunded_amount, (SELECT COUNT(*) FROM support_tickets) AS ticket_count`,
  },
];
