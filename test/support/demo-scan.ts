import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalizedType } from '../../src/connectors/types.js';
import { snapshotPaths, tableFileName } from '../../src/scan/snapshot.js';
import type {
  ColumnProfile,
  KeysAndRelationships,
  ScanOverview,
  TableSnapshot,
} from '../../src/scan/types.js';

/**
 * A scan snapshot of the demo warehouse built from docs/demo-warehouse.md (tables, columns,
 * row counts and the categorical values it lists), plus plausible sample values for free-text
 * columns. It stands in for `ktx scan warehouse` in search tests and the retrieval benchmark.
 */

type Col = [
  name: string,
  type: NormalizedType,
  values?: string[],
  options?: { samples?: boolean; sensitive?: ColumnProfile['sensitive'] },
];

const TZ = [
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Singapore',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Asia/Tokyo',
];
const PLAN_CODES = [
  'starter_monthly',
  'starter_annual',
  'growth_monthly',
  'growth_annual',
  'business_monthly',
  'business_annual',
  'enterprise_annual',
  'legacy_pro_monthly',
];
const FEATURE_CODES = [
  'gantt_charts',
  'kanban_boards',
  'time_tracking',
  'sso',
  'audit_log',
  'advanced_reporting',
  'api_access',
  'slack_integration',
  'jira_sync',
  'custom_fields',
  'automations',
  'guest_access',
  'dashboards',
  'resource_planning',
  'data_export',
];

const TABLES: Array<{ name: string; rows: number; pk: string[]; columns: Col[] }> = [
  {
    name: 'employees',
    rows: 80,
    pk: ['employee_id'],
    columns: [
      ['employee_id', 'number'],
      ['full_name', 'string', ['M*** S***'], { samples: true, sensitive: 'person_name' }],
      ['email', 'string', ['m***@orbital.io'], { samples: true, sensitive: 'email' }],
      [
        'title',
        'string',
        [
          'Account Executive',
          'Customer Success Manager',
          'Support Engineer',
          'Software Engineer',
          'Financial Analyst',
          'Sales Director',
          'VP Engineering',
          'Chief Executive Officer',
        ],
      ],
      ['department', 'string', ['sales', 'success', 'support', 'engineering', 'finance']],
      ['manager_id', 'number'],
      ['hired_at', 'date'],
      ['timezone', 'string', TZ],
    ],
  },
  {
    name: 'accounts',
    rows: 2000,
    pk: ['account_id'],
    columns: [
      ['account_id', 'number'],
      [
        'name',
        'string',
        [
          'Acme Corp',
          'Globex Corporation',
          'Initech',
          'Umbrella Health',
          'Stark Industries',
          'Wayne Logistics',
          'Hooli',
          'Vandelay Imports',
          'Soylent Foods',
          'Tyrell Systems',
          'Cyberdyne Robotics',
          'Wonka Confectionery',
          'Pied Piper',
          'Massive Dynamic',
          'Oceanic Airlines',
          'Nakatomi Trading',
          'Blue Sun Retail',
          'Orbital Internal',
          'QA Sandbox 3',
          'QA Sandbox 7',
        ],
        { samples: true },
      ],
      [
        'domain',
        'string',
        ['acme.com', 'globex.io', 'initech.com', 'umbrella-health.com', 'hooli.xyz'],
        { samples: true },
      ],
      [
        'industry',
        'string',
        [
          'software',
          'retail',
          'healthcare',
          'financial_services',
          'manufacturing',
          'education',
          'media',
          'logistics',
        ],
      ],
      ['country', 'string', ['US', 'GB', 'DE', 'FR', 'CA', 'AU', 'BR', 'JP', 'IN', 'NL', 'SG', 'MX']],
      ['region', 'string', ['NA', 'EMEA', 'APAC', 'LATAM']],
      ['segment', 'string', ['smb', 'mid_market', 'enterprise']],
      ['account_manager_id', 'number'],
      ['parent_account_id', 'number'],
      ['timezone', 'string', TZ],
      ['is_test', 'boolean'],
      ['created_at', 'time'],
      ['deleted_at', 'time'],
    ],
  },
  {
    name: 'plans',
    rows: 8,
    pk: ['plan_code'],
    columns: [
      ['plan_code', 'string', PLAN_CODES],
      [
        'plan_name',
        'string',
        [
          'Starter (monthly)',
          'Starter (annual)',
          'Growth (monthly)',
          'Growth (annual)',
          'Business (monthly)',
          'Business (annual)',
          'Enterprise (annual)',
          'Legacy Pro (monthly)',
        ],
      ],
      ['tier', 'string', ['starter', 'growth', 'business', 'enterprise']],
      ['billing_period', 'string', ['monthly', 'annual']],
      ['monthly_price', 'number'],
      ['is_public', 'boolean'],
    ],
  },
  {
    name: 'subscriptions',
    rows: 3000,
    pk: ['subscription_id'],
    columns: [
      ['subscription_id', 'number'],
      ['account_id', 'number'],
      ['plan_code', 'string', PLAN_CODES],
      ['status', 'string', ['active', 'canceled', 'trialing', 'past_due']],
      ['seats', 'number'],
      ['mrr', 'number'],
      ['started_at', 'time'],
      ['canceled_at', 'time'],
      [
        'cancel_reason',
        'string',
        ['price', 'missing_feature', 'switched_competitor', 'company_closed', 'payment_failed', 'other'],
      ],
    ],
  },
  {
    name: 'invoices',
    rows: 30000,
    pk: ['invoice_id'],
    columns: [
      ['invoice_id', 'number'],
      ['account_id', 'number'],
      ['subscription_id', 'number'],
      [
        'invoice_number',
        'string',
        ['INV-000123', 'INV-004512', 'INV-018830', 'INV-029977'],
        { samples: true },
      ],
      ['status', 'string', ['paid', 'open', 'void', 'draft', 'uncollectible']],
      ['currency', 'string', ['USD', 'EUR', 'GBP']],
      ['subtotal', 'number'],
      ['tax', 'number'],
      ['total', 'number'],
      ['issued_at', 'time'],
      ['due_at', 'time'],
    ],
  },
  {
    name: 'invoice_line_items',
    rows: 120000,
    pk: ['line_item_id'],
    columns: [
      ['line_item_id', 'number'],
      ['invoice_id', 'number'],
      ['kind', 'string', ['subscription', 'seats', 'addon', 'discount']],
      [
        'description',
        'string',
        [
          'Growth plan – monthly',
          'Additional seats',
          'Advanced reporting add-on',
          'Annual prepay discount',
          'Priority support add-on',
          'SSO add-on',
        ],
      ],
      ['quantity', 'number'],
      ['unit_price', 'number'],
      ['amount', 'number'],
    ],
  },
  {
    name: 'payments',
    rows: 27000,
    pk: ['payment_id'],
    columns: [
      ['payment_id', 'number'],
      ['invoice_id', 'number'],
      ['account_id', 'number'],
      ['amount', 'number'],
      ['currency', 'string', ['USD', 'EUR', 'GBP']],
      ['method', 'string', ['card', 'ach', 'wire']],
      ['status', 'string', ['succeeded', 'failed']],
      ['paid_at', 'time'],
    ],
  },
  {
    name: 'refunds',
    rows: 1500,
    pk: ['refund_id'],
    columns: [
      ['refund_id', 'number'],
      ['payment_id', 'number'],
      ['amount', 'number'],
      ['reason', 'string', ['duplicate_charge', 'service_issue', 'downgrade', 'goodwill', 'other']],
      ['refunded_at', 'time'],
    ],
  },
  {
    name: 'users',
    rows: 25000,
    pk: ['user_id'],
    columns: [
      ['user_id', 'number'],
      ['account_id', 'number'],
      ['email', 'string', ['j***@acme.com'], { samples: true, sensitive: 'email' }],
      ['full_name', 'string', ['J*** D***'], { samples: true, sensitive: 'person_name' }],
      ['role', 'string', ['admin', 'member', 'viewer']],
      ['created_at', 'time'],
      ['last_seen_at', 'time'],
      ['deleted_at', 'time'],
    ],
  },
  {
    name: 'events',
    rows: 250000,
    pk: ['event_id'],
    columns: [
      ['event_id', 'number'],
      ['user_id', 'number'],
      ['account_id', 'number'],
      [
        'event_type',
        'string',
        [
          'login',
          'project_created',
          'task_completed',
          'report_exported',
          'integration_connected',
          'invite_sent',
        ],
      ],
      ['occurred_at', 'time'],
      ['client', 'string', ['web', 'ios', 'android', 'api']],
    ],
  },
  {
    name: 'support_tickets',
    rows: 8000,
    pk: ['ticket_id'],
    columns: [
      ['ticket_id', 'number'],
      ['account_id', 'number'],
      ['opened_by_user_id', 'number'],
      ['assigned_to_id', 'number'],
      ['priority', 'string', ['low', 'normal', 'high', 'urgent']],
      ['status', 'string', ['open', 'pending', 'solved', 'closed']],
      ['channel', 'string', ['email', 'chat', 'phone']],
      ['opened_at', 'time'],
      ['solved_at', 'time'],
      ['satisfaction_score', 'number'],
    ],
  },
  {
    name: 'features',
    rows: 15,
    pk: ['feature_code'],
    columns: [
      ['feature_code', 'string', FEATURE_CODES],
      [
        'feature_name',
        'string',
        [
          'Gantt charts',
          'Kanban boards',
          'Time tracking',
          'Single sign-on',
          'Audit log',
          'Advanced reporting',
          'API access',
          'Slack integration',
          'Jira sync',
          'Custom fields',
          'Automations',
          'Guest access',
          'Dashboards',
          'Resource planning',
          'Data export',
        ],
      ],
      ['category', 'string', ['planning', 'collaboration', 'reporting', 'integrations', 'security']],
    ],
  },
  {
    name: 'account_features',
    rows: 6000,
    pk: ['account_id', 'feature_code'],
    columns: [
      ['account_id', 'number'],
      ['feature_code', 'string', FEATURE_CODES],
      ['enabled_at', 'time'],
    ],
  },
  {
    name: 'exchange_rates',
    rows: 2193,
    pk: ['currency', 'rate_date'],
    columns: [
      ['currency', 'string', ['EUR', 'GBP', 'USD']],
      ['rate_date', 'date'],
      ['usd_rate', 'number'],
    ],
  },
];

const NATIVE: Record<NormalizedType, string> = {
  string: 'TEXT',
  number: 'INTEGER',
  boolean: 'INTEGER',
  date: 'TEXT',
  time: 'TEXT',
};

function profileOf(rows: number, [name, type, values, options]: Col): ColumnProfile {
  const profile: ColumnProfile = {
    name,
    type,
    rowsProfiled: rows,
    nullRate: 0,
    distinctCount: values?.length ?? rows,
    distinctRatio: values ? values.length / rows : 1,
  };
  if (!values) return profile;
  if (options?.samples) profile.samples = values;
  else
    profile.topValues = values.map((value, i) => ({ value, count: Math.max(1, Math.round(rows / (i + 2))) }));
  if (options?.sensitive) profile.sensitive = options.sensitive;
  return profile;
}

export function demoScanTables(): TableSnapshot[] {
  return TABLES.map((table) => ({
    key: table.name,
    schema: null,
    name: table.name,
    kind: 'table',
    rowCountEstimate: table.rows,
    columns: table.columns.map(([name, type], i) => ({
      name,
      nativeType: NATIVE[type],
      type,
      nullable: !table.pk.includes(name),
      ordinal: i + 1,
    })),
    primaryKey: table.pk,
    uniqueKeys: [],
    foreignKeys: [],
    profile: {
      rowCount: table.rows,
      sampled: table.rows > 10_000,
      rowsProfiled: Math.min(table.rows, 10_000),
      columns: table.columns.map((col) => profileOf(Math.min(table.rows, 10_000), col)),
    },
  }));
}

/** Writes the snapshot files under raw-sources/<connection>/ in the documented layout. */
export function writeDemoScan(projectDir: string, connection = 'warehouse'): void {
  const paths = snapshotPaths(projectDir, connection);
  mkdirSync(paths.tables, { recursive: true });
  const tables = demoScanTables();
  const overview: ScanOverview = {
    connection,
    driver: 'sqlite',
    dialect: 'sqlite',
    serverVersion: '3.53.2',
    schemas: ['main'],
    tables: tables.map(({ key, schema, name, kind, rowCountEstimate }) => ({
      key,
      schema,
      name,
      kind,
      rowCountEstimate,
    })),
  };
  const keys: KeysAndRelationships = {
    primaryKeys: tables.map((t) => ({
      table: t.key,
      columns: t.primaryKey ?? [],
      source: 'declared',
      confidence: 1,
    })),
    relationships: [],
  };
  writeFileSync(paths.overview, `${JSON.stringify(overview, null, 2)}\n`);
  writeFileSync(paths.relationships, `${JSON.stringify(keys, null, 2)}\n`);
  for (const table of tables)
    writeFileSync(join(paths.tables, tableFileName(table.key)), `${JSON.stringify(table, null, 2)}\n`);
}
