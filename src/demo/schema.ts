/**
 * The Orbital demo warehouse schema (docs/demo-warehouse.md), as the canonical SQLite DDL.
 * Declared types carry the logical type so the generic copier (./copy) can map them to every
 * engine: INTEGER/BIGINT, TEXT, NUMERIC(p,s) (money, rates), TIMESTAMPTZ (UTC instants, stored as
 * ISO-8601 `…Z` text), DATE (`YYYY-MM-DD` text), BOOLEAN (0/1).
 *
 * All primary keys are declared; only four foreign keys are (the spec's "declared" list). Every
 * other relationship exists in the data only, so scans have to infer it.
 */

export interface DemoColumn {
  name: string;
  type:
    | 'INTEGER'
    | 'BIGINT'
    | 'TEXT'
    | 'NUMERIC(12,2)'
    | 'NUMERIC(12,6)'
    | 'TIMESTAMPTZ'
    | 'DATE'
    | 'BOOLEAN';
  notNull?: boolean;
}

export interface DemoTable {
  name: string;
  columns: DemoColumn[];
  primaryKey: string[];
  unique?: string[][];
  foreignKeys?: Array<{ columns: string[]; refTable: string; refColumns: string[] }>;
}

const c = (name: string, type: DemoColumn['type'], notNull = false): DemoColumn => ({ name, type, notNull });

export const DEMO_TABLES: DemoTable[] = [
  {
    name: 'employees',
    columns: [
      c('employee_id', 'INTEGER', true),
      c('full_name', 'TEXT', true),
      c('email', 'TEXT', true),
      c('title', 'TEXT', true),
      c('department', 'TEXT', true),
      c('manager_id', 'INTEGER'),
      c('hired_at', 'DATE', true),
      c('timezone', 'TEXT', true),
    ],
    primaryKey: ['employee_id'],
  },
  {
    name: 'accounts',
    columns: [
      c('account_id', 'INTEGER', true),
      c('name', 'TEXT', true),
      c('domain', 'TEXT', true),
      c('industry', 'TEXT', true),
      c('country', 'TEXT', true),
      c('region', 'TEXT', true),
      c('segment', 'TEXT', true),
      c('account_manager_id', 'INTEGER'),
      c('parent_account_id', 'INTEGER'),
      c('timezone', 'TEXT', true),
      c('is_test', 'BOOLEAN', true),
      c('created_at', 'TIMESTAMPTZ', true),
      c('deleted_at', 'TIMESTAMPTZ'),
    ],
    primaryKey: ['account_id'],
  },
  {
    name: 'plans',
    columns: [
      c('plan_code', 'TEXT', true),
      c('plan_name', 'TEXT', true),
      c('tier', 'TEXT', true),
      c('billing_period', 'TEXT', true),
      c('monthly_price', 'NUMERIC(12,2)', true),
      c('is_public', 'BOOLEAN', true),
    ],
    primaryKey: ['plan_code'],
  },
  {
    name: 'subscriptions',
    columns: [
      c('subscription_id', 'INTEGER', true),
      c('account_id', 'INTEGER', true),
      c('plan_code', 'TEXT', true),
      c('status', 'TEXT', true),
      c('seats', 'INTEGER', true),
      c('mrr', 'NUMERIC(12,2)', true),
      c('started_at', 'TIMESTAMPTZ', true),
      c('canceled_at', 'TIMESTAMPTZ'),
      c('cancel_reason', 'TEXT'),
    ],
    primaryKey: ['subscription_id'],
    foreignKeys: [{ columns: ['account_id'], refTable: 'accounts', refColumns: ['account_id'] }],
  },
  {
    name: 'invoices',
    columns: [
      c('invoice_id', 'INTEGER', true),
      c('account_id', 'INTEGER', true),
      c('subscription_id', 'INTEGER', true),
      c('invoice_number', 'TEXT', true),
      c('status', 'TEXT', true),
      c('currency', 'TEXT', true),
      c('subtotal', 'NUMERIC(12,2)', true),
      c('tax', 'NUMERIC(12,2)', true),
      c('total', 'NUMERIC(12,2)', true),
      c('issued_at', 'TIMESTAMPTZ', true),
      c('due_at', 'TIMESTAMPTZ', true),
    ],
    primaryKey: ['invoice_id'],
    unique: [['invoice_number']],
    foreignKeys: [{ columns: ['account_id'], refTable: 'accounts', refColumns: ['account_id'] }],
  },
  {
    name: 'invoice_line_items',
    columns: [
      c('line_item_id', 'INTEGER', true),
      c('invoice_id', 'INTEGER', true),
      c('kind', 'TEXT', true),
      c('description', 'TEXT', true),
      c('quantity', 'INTEGER', true),
      c('unit_price', 'NUMERIC(12,2)', true),
      c('amount', 'NUMERIC(12,2)', true),
    ],
    primaryKey: ['line_item_id'],
    foreignKeys: [{ columns: ['invoice_id'], refTable: 'invoices', refColumns: ['invoice_id'] }],
  },
  {
    name: 'payments',
    columns: [
      c('payment_id', 'INTEGER', true),
      c('invoice_id', 'INTEGER', true),
      c('account_id', 'INTEGER', true),
      c('amount', 'NUMERIC(12,2)', true),
      c('currency', 'TEXT', true),
      c('method', 'TEXT', true),
      c('status', 'TEXT', true),
      c('paid_at', 'TIMESTAMPTZ', true),
    ],
    primaryKey: ['payment_id'],
    foreignKeys: [{ columns: ['invoice_id'], refTable: 'invoices', refColumns: ['invoice_id'] }],
  },
  {
    name: 'refunds',
    columns: [
      c('refund_id', 'INTEGER', true),
      c('payment_id', 'INTEGER', true),
      c('amount', 'NUMERIC(12,2)', true),
      c('reason', 'TEXT', true),
      c('refunded_at', 'TIMESTAMPTZ', true),
    ],
    primaryKey: ['refund_id'],
  },
  {
    name: 'users',
    columns: [
      c('user_id', 'INTEGER', true),
      c('account_id', 'INTEGER', true),
      c('email', 'TEXT', true),
      c('full_name', 'TEXT', true),
      c('role', 'TEXT', true),
      c('created_at', 'TIMESTAMPTZ', true),
      c('last_seen_at', 'TIMESTAMPTZ'),
      c('deleted_at', 'TIMESTAMPTZ'),
    ],
    primaryKey: ['user_id'],
  },
  {
    name: 'events',
    columns: [
      c('event_id', 'BIGINT', true),
      c('user_id', 'INTEGER', true),
      c('account_id', 'INTEGER', true),
      c('event_type', 'TEXT', true),
      c('occurred_at', 'TIMESTAMPTZ', true),
      c('client', 'TEXT', true),
    ],
    primaryKey: ['event_id'],
  },
  {
    name: 'support_tickets',
    columns: [
      c('ticket_id', 'INTEGER', true),
      c('account_id', 'INTEGER', true),
      c('opened_by_user_id', 'INTEGER'),
      c('assigned_to_id', 'INTEGER'),
      c('priority', 'TEXT', true),
      c('status', 'TEXT', true),
      c('channel', 'TEXT', true),
      c('opened_at', 'TIMESTAMPTZ', true),
      c('solved_at', 'TIMESTAMPTZ'),
      c('satisfaction_score', 'INTEGER'),
    ],
    primaryKey: ['ticket_id'],
  },
  {
    name: 'features',
    columns: [c('feature_code', 'TEXT', true), c('feature_name', 'TEXT', true), c('category', 'TEXT', true)],
    primaryKey: ['feature_code'],
  },
  {
    name: 'account_features',
    columns: [
      c('account_id', 'INTEGER', true),
      c('feature_code', 'TEXT', true),
      c('enabled_at', 'TIMESTAMPTZ', true),
    ],
    primaryKey: ['account_id', 'feature_code'],
  },
  {
    name: 'exchange_rates',
    columns: [
      c('currency', 'TEXT', true),
      c('rate_date', 'DATE', true),
      c('usd_rate', 'NUMERIC(12,6)', true),
    ],
    primaryKey: ['currency', 'rate_date'],
  },
];

export interface DemoForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/** The foreign keys the DDL declares (four of them, see DEMO_TABLES). */
export const DEMO_DECLARED_FOREIGN_KEYS: DemoForeignKey[] = DEMO_TABLES.flatMap((table) =>
  (table.foreignKeys ?? []).map((fk) => ({ table: table.name, ...fk })),
);

const fk = (table: string, column: string, refTable: string, refColumn: string): DemoForeignKey => ({
  table,
  columns: [column],
  refTable,
  refColumns: [refColumn],
});

/**
 * Relationships that hold in the data but are not declared (docs/demo-warehouse.md, "Declared
 * vs undeclared keys"): what a scan has to infer. Tests and the relationship benchmark use
 * this list, with the declared keys, as the demo's answer key.
 */
export const DEMO_UNDECLARED_FOREIGN_KEYS: DemoForeignKey[] = [
  fk('accounts', 'account_manager_id', 'employees', 'employee_id'),
  fk('accounts', 'parent_account_id', 'accounts', 'account_id'),
  fk('employees', 'manager_id', 'employees', 'employee_id'),
  fk('subscriptions', 'plan_code', 'plans', 'plan_code'),
  fk('invoices', 'subscription_id', 'subscriptions', 'subscription_id'),
  fk('payments', 'account_id', 'accounts', 'account_id'),
  fk('refunds', 'payment_id', 'payments', 'payment_id'),
  fk('users', 'account_id', 'accounts', 'account_id'),
  fk('events', 'user_id', 'users', 'user_id'),
  fk('events', 'account_id', 'accounts', 'account_id'),
  fk('support_tickets', 'account_id', 'accounts', 'account_id'),
  fk('support_tickets', 'opened_by_user_id', 'users', 'user_id'),
  fk('support_tickets', 'assigned_to_id', 'employees', 'employee_id'),
  fk('account_features', 'account_id', 'accounts', 'account_id'),
  fk('account_features', 'feature_code', 'features', 'feature_code'),
];

const q = (name: string) => `"${name}"`;

/** CREATE TABLE statements for SQLite, in dependency order. */
export function sqliteDdl(table: DemoTable): string {
  const lines = table.columns.map(
    (column) => `  ${q(column.name)} ${column.type}${column.notNull ? ' NOT NULL' : ''}`,
  );
  lines.push(`  PRIMARY KEY (${table.primaryKey.map(q).join(', ')})`);
  for (const unique of table.unique ?? []) lines.push(`  UNIQUE (${unique.map(q).join(', ')})`);
  for (const fk of table.foreignKeys ?? []) {
    lines.push(
      `  FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${q(fk.refTable)} (${fk.refColumns.map(q).join(', ')})`,
    );
  }
  return `CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)`;
}
