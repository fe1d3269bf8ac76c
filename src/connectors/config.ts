import { z } from 'zod';

/**
 * ktx.yaml connection blocks, one strict schema per driver, discriminated on `driver`.
 * Kept free of driver libraries so config validation stays cheap at start-up.
 */

const secretRef = z.string().min(1).describe('A literal, `env:NAME` or `file:PATH` reference.');

const commonFields = {
  description: z.string().optional().describe('What this warehouse holds, for people and agents.'),
  include_tables: z
    .array(z.string().min(1))
    .optional()
    .describe('Only scan these tables (`table`, `schema.table`; `*` wildcards allowed).'),
  exclude_tables: z.array(z.string().min(1)).optional().describe('Never scan these tables (same patterns).'),
  query_timeout_ms: z.number().int().positive().optional().describe('Statement timeout for every query.'),
  max_rows: z.number().int().min(1).max(10000).optional().describe('Default row cap for `ktx sql`.'),
};

const fileDriver = <D extends string>(driver: D) =>
  z.strictObject({
    driver: z.literal(driver),
    path: z.string().min(1).describe('Database file, relative to the project directory or absolute.'),
    ...commonFields,
  });

const serverFields = {
  url: secretRef
    .optional()
    .describe('Connection URL; may embed credentials, so prefer an env:/file: reference.'),
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  database: z.string().min(1).optional(),
  user: secretRef.optional(),
  password: secretRef
    .optional()
    .describe('Always a reference (`env:NAME` / `file:PATH`) when written by ktx.'),
  ssl: z
    .union([z.boolean(), z.enum(['disable', 'prefer', 'require', 'verify-full'])])
    .optional()
    .describe('TLS mode.'),
  schemas: z.array(z.string().min(1)).optional().describe('Schemas (databases on MySQL) to include.'),
  exclude_schemas: z.array(z.string().min(1)).optional(),
  max_connections: z.number().int().min(1).max(64).optional(),
};

function requireUrlOrHost(value: { url?: string; host?: string }, ctx: z.RefinementCtx): void {
  if (!value.url && !value.host) {
    ctx.addIssue({
      code: 'custom',
      message: 'needs either `url` or `host` (with `database`, `user`, `password`)',
      path: [],
    });
  }
}

export const sqliteConnectionSchema = fileDriver('sqlite');
export const duckdbConnectionSchema = fileDriver('duckdb');
export const postgresConnectionSchema = z
  .strictObject({ driver: z.literal('postgres'), ...serverFields, ...commonFields })
  .superRefine(requireUrlOrHost);
export const mysqlConnectionSchema = z
  .strictObject({ driver: z.enum(['mysql', 'mariadb']), ...serverFields, ...commonFields })
  .superRefine(requireUrlOrHost);

export const SUPPORTED_DRIVERS = ['sqlite', 'duckdb', 'postgres', 'mysql', 'mariadb'] as const;
export type DriverName = (typeof SUPPORTED_DRIVERS)[number];

export const connectionSchema = z.discriminatedUnion('driver', [
  sqliteConnectionSchema,
  duckdbConnectionSchema,
  postgresConnectionSchema,
  mysqlConnectionSchema,
]);

export type ConnectionConfig = z.output<typeof connectionSchema>;
export type SqliteConnectionConfig = z.output<typeof sqliteConnectionSchema>;
export type DuckdbConnectionConfig = z.output<typeof duckdbConnectionSchema>;
export type PostgresConnectionConfig = z.output<typeof postgresConnectionSchema>;
export type MysqlConnectionConfig = z.output<typeof mysqlConnectionSchema>;

export const CONNECTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Config keys whose literal values must never be printed. */
export const SECRET_KEYS = new Set(['password', 'url', 'api_key', 'token', 'secret', 'user']);
