import type { GoldenCase } from './types.js';

/**
 * Golden cases over the Orbital demo warehouse and its curated semantic layer
 * (assets/demo/semantic-layer): recurring revenue, billing, product usage, support, with the
 * demo's traps (test accounts, soft deletes, NULL dimension values, self joins, role-playing
 * employees, time grains on UTC timestamps). Fan and chasm traps are in cases-demo-traps.ts.
 */

const ACTIVE_MRR = "SUM(CASE WHEN s.status = 'active' THEN s.mrr END)";
const INVOICED = "SUM(CASE WHEN i.status NOT IN ('void', 'draft') THEN i.total END)";
const REAL_CUSTOMER = 'NOT a.is_test AND a.deleted_at IS NULL';

export const DEMO_CASES: GoldenCase[] = [
  {
    name: 'demo: MRR and active subscriptions by plan tier',
    query: {
      measures: ['subscriptions.mrr', 'subscriptions.active_subscriptions'],
      dimensions: ['plans.tier'],
    },
    reference: () => `SELECT p.tier AS tier, ${ACTIVE_MRR} AS mrr,
        COUNT(CASE WHEN s.status = 'active' THEN 1 END) AS active_subscriptions
      FROM subscriptions s LEFT JOIN plans p ON p.plan_code = s.plan_code GROUP BY p.tier`,
  },
  {
    name: 'demo: MRR by segment for real customers (test and deleted accounts excluded)',
    query: {
      measures: ['subscriptions.mrr'],
      dimensions: ['accounts.segment'],
      segments: ['accounts.customers'],
    },
    reference: () => `SELECT a.segment AS segment, ${ACTIVE_MRR} AS mrr
      FROM subscriptions s JOIN accounts a ON a.account_id = s.account_id WHERE ${REAL_CUSTOMER} GROUP BY a.segment`,
  },
  {
    name: 'demo: ARR by billing period, largest first',
    query: {
      measures: ['subscriptions.arr'],
      dimensions: ['plans.billing_period'],
      order_by: [{ field: 'arr', direction: 'desc' }],
    },
    ordered: true,
    reference: () => `SELECT p.billing_period AS billing_period, ${ACTIVE_MRR} * 12 AS arr
      FROM subscriptions s LEFT JOIN plans p ON p.plan_code = s.plan_code GROUP BY p.billing_period ORDER BY arr DESC`,
  },
  {
    name: 'demo: churned subscriptions by cancel reason (the NULL reason is a row too)',
    query: {
      measures: ['subscriptions.churned_subscriptions', 'subscriptions.subscription_count'],
      dimensions: ['subscriptions.cancel_reason'],
    },
    reference: () => `SELECT cancel_reason AS cancel_reason,
        COUNT(CASE WHEN status = 'canceled' THEN 1 END) AS churned_subscriptions, COUNT(*) AS subscription_count
      FROM subscriptions GROUP BY cancel_reason`,
  },
  {
    name: 'demo: invoices per month in 2024',
    query: {
      measures: ['invoices.invoice_count', 'invoices.invoiced_amount'],
      dimensions: ['invoices.issued_at:month'],
      filters: ["invoices.issued_at >= '2024-01-01'", "invoices.issued_at < '2025-01-01'"],
    },
    reference: (
      h,
    ) => `SELECT ${h.month('i.issued_at')} AS issued_at_month, COUNT(*) AS invoice_count, ${INVOICED} AS invoiced_amount
      FROM invoices i WHERE i.issued_at >= '2024-01-01' AND i.issued_at < '2025-01-01' GROUP BY ${h.month('i.issued_at')}`,
  },
  {
    name: 'demo: invoiced amount per quarter and currency',
    query: {
      measures: ['invoices.invoiced_amount'],
      dimensions: ['invoices.issued_at:quarter', 'invoices.currency'],
    },
    reference: (
      h,
    ) => `SELECT ${h.quarter('i.issued_at')} AS issued_at_quarter, i.currency AS currency, ${INVOICED} AS invoiced_amount
      FROM invoices i GROUP BY ${h.quarter('i.issued_at')}, i.currency`,
  },
  {
    name: 'demo: events per ISO week across month boundaries (weeks start on Monday)',
    query: {
      measures: ['events.event_count'],
      dimensions: ['events.occurred_at:week'],
      filters: ["events.occurred_at >= '2024-02-19' AND events.occurred_at < '2024-04-08'"],
    },
    reference: (
      h,
    ) => `SELECT ${h.week('occurred_at')} AS occurred_at_week, COUNT(*) AS event_count FROM events
      WHERE occurred_at >= '2024-02-19' AND occurred_at < '2024-04-08' GROUP BY ${h.week('occurred_at')}`,
  },
  {
    name: 'demo: daily active users over one week (UTC days)',
    query: {
      measures: ['events.active_users_daily'],
      dimensions: ['events.occurred_at:day'],
      filters: ["events.occurred_at >= '2024-03-04'", "events.occurred_at < '2024-03-11'"],
    },
    reference: (
      h,
    ) => `SELECT ${h.day('occurred_at')} AS occurred_at_day, COUNT(DISTINCT user_id) AS active_users_daily
      FROM events WHERE occurred_at >= '2024-03-04' AND occurred_at < '2024-03-11' GROUP BY ${h.day('occurred_at')}`,
  },
  {
    name: 'demo: accounts created per year',
    query: { measures: ['accounts.account_count'], dimensions: ['accounts.created_at:year'] },
    reference: (h) =>
      `SELECT ${h.year('created_at')} AS created_at_year, COUNT(*) AS account_count FROM accounts GROUP BY ${h.year('created_at')}`,
  },
  {
    name: 'demo: payments by method (succeeded money, failed attempts)',
    query: {
      measures: ['payments.gross_payments', 'payments.failed_payment_count', 'payments.payment_count'],
      dimensions: ['payments.method'],
    },
    reference:
      () => `SELECT method AS method, SUM(CASE WHEN status = 'succeeded' THEN amount END) AS gross_payments,
        COUNT(CASE WHEN status = 'failed' THEN 1 END) AS failed_payment_count, COUNT(*) AS payment_count
      FROM payments GROUP BY method`,
  },
  {
    name: 'demo: refunds by reason',
    query: { measures: ['refunds.refunded_amount', 'refunds.refund_count'], dimensions: ['refunds.reason'] },
    reference: () =>
      `SELECT reason AS reason, SUM(amount) AS refunded_amount, COUNT(*) AS refund_count FROM refunds GROUP BY reason`,
  },
  {
    name: 'demo: resolution hours, satisfaction and open tickets by priority',
    query: {
      measures: [
        'support_tickets.avg_resolution_hours',
        'support_tickets.avg_satisfaction',
        'support_tickets.open_tickets',
      ],
      dimensions: ['support_tickets.priority'],
    },
    reference: (h) => `SELECT priority AS priority,
        AVG(CASE WHEN solved_at IS NOT NULL THEN ${h.hours('opened_at', 'solved_at')} END) AS avg_resolution_hours,
        AVG(satisfaction_score) AS avg_satisfaction, COUNT(CASE WHEN status IN ('open', 'pending') THEN 1 END) AS open_tickets
      FROM support_tickets GROUP BY priority`,
  },
  {
    name: 'demo: soft-deleted users, all and active, by role',
    query: { measures: ['users.user_count', 'users.active_users'], dimensions: ['users.role'] },
    reference:
      () => `SELECT role AS role, COUNT(*) AS user_count, COUNT(CASE WHEN deleted_at IS NULL THEN 1 END) AS active_users
      FROM users GROUP BY role`,
  },
  {
    name: 'demo: real customers next to all accounts, per region',
    query: {
      measures: ['accounts.account_count', 'accounts.customer_count'],
      dimensions: ['accounts.region'],
    },
    reference: () => `SELECT region AS region, COUNT(*) AS account_count,
        COUNT(CASE WHEN NOT is_test AND deleted_at IS NULL THEN 1 END) AS customer_count FROM accounts GROUP BY region`,
  },
  {
    name: 'demo: headcount per manager (self join)',
    query: { measures: ['employees.employee_count'], dimensions: ['manager.full_name'] },
    reference: () => `SELECT m.full_name AS full_name, COUNT(*) AS employee_count
      FROM employees e LEFT JOIN employees m ON m.employee_id = e.manager_id GROUP BY m.full_name`,
  },
  {
    name: "demo: customers by their account manager's department (role-playing employee)",
    query: { measures: ['accounts.customer_count'], dimensions: ['account_manager.department'] },
    reference:
      () => `SELECT e.department AS department, COUNT(CASE WHEN ${REAL_CUSTOMER} THEN 1 END) AS customer_count
      FROM accounts a LEFT JOIN employees e ON e.employee_id = a.account_manager_id GROUP BY e.department`,
  },
  {
    name: 'demo: accounts by parent company segment (self join; NULL for top-level accounts)',
    query: { measures: ['accounts.account_count'], dimensions: ['parent_account.segment'] },
    reference: () => `SELECT p.segment AS segment, COUNT(*) AS account_count
      FROM accounts a LEFT JOIN accounts p ON p.account_id = a.parent_account_id GROUP BY p.segment`,
  },
  {
    name: 'demo: tickets by assignee department and channel',
    query: {
      measures: ['support_tickets.ticket_count'],
      dimensions: ['assignee.department', 'support_tickets.channel'],
    },
    reference: () => `SELECT e.department AS department, t.channel AS channel, COUNT(*) AS ticket_count
      FROM support_tickets t LEFT JOIN employees e ON e.employee_id = t.assigned_to_id GROUP BY e.department, t.channel`,
  },
  {
    name: 'demo: feature adoptions by feature category (the bridge, many_to_one to features)',
    query: { measures: ['account_features.feature_adoptions'], dimensions: ['features.category'] },
    reference: () => `SELECT f.category AS category, COUNT(*) AS feature_adoptions
      FROM account_features af LEFT JOIN features f ON f.feature_code = af.feature_code GROUP BY f.category`,
  },
  {
    name: 'demo: dimensions only, plan tiers and billing periods',
    query: { dimensions: ['plans.tier', 'plans.billing_period'] },
    reference: () => 'SELECT DISTINCT tier AS tier, billing_period AS billing_period FROM plans',
  },
  {
    name: 'demo: top 5 industries by MRR',
    query: {
      measures: ['subscriptions.mrr'],
      dimensions: ['accounts.industry'],
      order_by: [{ field: 'mrr', direction: 'desc' }],
      limit: 5,
    },
    ordered: true,
    reference: () => `SELECT a.industry AS industry, ${ACTIVE_MRR} AS mrr
      FROM subscriptions s LEFT JOIN accounts a ON a.account_id = s.account_id
      GROUP BY a.industry ORDER BY mrr DESC, a.industry LIMIT 5`,
  },
  {
    name: 'demo: regions invoicing more than 10M (result filter)',
    query: {
      measures: ['invoices.invoiced_amount'],
      dimensions: ['accounts.region'],
      filters: ['invoices.invoiced_amount > 10000000'],
    },
    reference: () => `SELECT a.region AS region, ${INVOICED} AS invoiced_amount
      FROM invoices i LEFT JOIN accounts a ON a.account_id = i.account_id GROUP BY a.region HAVING ${INVOICED} > 10000000`,
  },
  {
    name: 'demo: MRR per active subscription by tier (runtime formula, safe division)',
    query: {
      measures: [
        { name: 'mrr_per_subscription', expr: 'subscriptions.mrr / subscriptions.active_subscriptions' },
      ],
      dimensions: ['plans.tier'],
    },
    reference: (
      h,
    ) => `SELECT p.tier AS tier, ${h.div(ACTIVE_MRR, "COUNT(CASE WHEN s.status = 'active' THEN 1 END)")} AS mrr_per_subscription
      FROM subscriptions s LEFT JOIN plans p ON p.plan_code = s.plan_code GROUP BY p.tier`,
  },
  {
    name: 'demo: collectible invoices of enterprise accounts by status (segments of two sources)',
    query: {
      measures: ['invoices.invoice_count'],
      dimensions: ['invoices.status'],
      segments: ['invoices.collectible', 'accounts.enterprise'],
    },
    reference:
      () => `SELECT i.status AS status, COUNT(*) AS invoice_count FROM invoices i JOIN accounts a ON a.account_id = i.account_id
      WHERE i.status IN ('open', 'paid') AND a.segment = 'enterprise' GROUP BY i.status`,
  },
  {
    name: 'demo: events per client without test accounts (a filter on a joined boolean)',
    query: {
      measures: ['events.event_count', 'events.accounts_with_activity'],
      dimensions: ['events.client'],
      filters: ['accounts.is_test = false'],
    },
    reference:
      () => `SELECT e.client AS client, COUNT(*) AS event_count, COUNT(DISTINCT e.account_id) AS accounts_with_activity
      FROM events e JOIN accounts a ON a.account_id = e.account_id WHERE NOT a.is_test GROUP BY e.client`,
  },
];
