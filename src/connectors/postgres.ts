import type { Client, FieldDef } from 'pg';
import { BaseConnector, type ExecuteLimits, type SessionResult, withAbort, withDeadline } from './base.js';
import type { PostgresConnectionConfig } from './config.js';
import { introspectPostgres } from './postgres-introspect.js';
import { type ArrayParser, PG_TYPE_NAMES, pgNormalizedType, pgValue } from './postgres-values.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, describeTarget, type ServerParams } from './resolve.js';
import type { Introspection, IntrospectOptions, QueryColumn, QueryValue } from './types.js';

/**
 * PostgreSQL through node-postgres. Read-only layers:
 * - the session is set `default_transaction_read_only` (SET SESSION CHARACTERISTICS … READ ONLY);
 * - every statement runs inside `BEGIN READ ONLY … ROLLBACK` with `SET LOCAL statement_timeout`;
 * - the extended query protocol is used, which accepts exactly one statement per query;
 * - queries stream through a server-side cursor, fetched in batches until the row cap.
 */

type PgModule = typeof import('pg');

const FETCH_BATCH = 1000;
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as never;

export class PostgresConnector extends BaseConnector {
  readonly driver = 'postgres' as const;
  readonly dialect = 'postgres' as const;
  private readonly params: ServerParams;
  private client: Client | undefined;
  private pg: PgModule | undefined;
  private readonly typeNames = new Map<number, string>(
    Object.entries(PG_TYPE_NAMES).map(([oid, name]) => [Number(oid), name]),
  );

  constructor(
    id: string,
    config: PostgresConnectionConfig,
    params: ServerParams,
    private readonly connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
  ) {
    super({ id, queryTimeoutMs: config.query_timeout_ms, target: describeTarget(params), scope: config });
    this.params = params;
  }

  protected async open(): Promise<void> {
    this.pg ??= (await import('pg')).default as unknown as PgModule;
    const pg = this.pg;
    const connect = async (tls: boolean) => {
      const client = new pg.Client({
        host: this.params.host,
        port: this.params.port,
        database: this.params.database ?? 'postgres',
        user: this.params.user,
        password: this.params.password,
        ssl: tls ? { rejectUnauthorized: this.params.ssl === 'verify-full' } : false,
        connectionTimeoutMillis: this.connectTimeoutMs,
        application_name: 'ktx',
      });
      client.on('error', () => this.dropClient(client)); // a dead socket: reconnect on next use
      try {
        await client.connect();
      } catch (error) {
        client.end().catch(() => {}); // never leave a half-open socket behind a failed connect
        throw error;
      }
      return client;
    };
    let client: Client;
    try {
      client = await connect(this.params.ssl !== 'disable');
    } catch (error) {
      // `prefer` means: use TLS when the server offers it, otherwise plain.
      if (this.params.ssl !== 'prefer' || !/does not support SSL/i.test(String((error as Error).message)))
        throw error;
      client = await connect(false);
    }
    this.client = client;
    await this.initialiseSession(client);
  }

  /** Session guards that hold for every later statement (each also runs in BEGIN READ ONLY). */
  private async initialiseSession(client: Client): Promise<void> {
    await client.query(
      'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; ' +
        `SET statement_timeout = ${Math.max(1, Math.floor(this.queryTimeoutMs))}; ` +
        "SET idle_in_transaction_session_timeout = 60000; SET TimeZone = 'UTC'; " +
        'SET standard_conforming_strings = on; SET bytea_output = hex; SET IntervalStyle = iso_8601',
    );
  }

  /**
   * Stops the statement on the server: a PostgreSQL CancelRequest (its own 16-byte message on a
   * new socket, keyed by the backend's pid and secret). Closing our socket alone would leave the
   * backend computing until the statement timeout.
   */
  private cancelRunning(client: Client): void {
    const { processID, secretKey } = client as unknown as {
      processID: number | null;
      secretKey: number | null;
    };
    if (processID === null || secretKey === null) return;
    const message = Buffer.alloc(16);
    message.writeInt32BE(16, 0);
    message.writeInt32BE(80_877_102, 4);
    message.writeInt32BE(processID, 8);
    message.writeInt32BE(secretKey, 12);
    void import('node:net').then(({ connect }) => {
      const socket = connect(this.params.port, this.params.host, () => socket.end(message));
      socket.on('error', () => {});
      socket.setTimeout(5000, () => socket.destroy());
    });
  }

  private dropClient(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.resetSession();
    client.end().catch(() => {});
  }

  protected runInSession(sql: string, limits: ExecuteLimits): Promise<SessionResult> {
    return this.serial(async () => {
      if (!this.client) await this.ensureOpen();
      const client = this.client!;
      const abort = () => {
        this.cancelRunning(client);
        this.dropClient(client);
      };
      // The server enforces the timeout; the client-side deadline (a little later) only
      // catches a server that stops answering altogether.
      const work = withDeadline(
        this.inReadOnlyTransaction(client, sql, limits),
        limits.timeoutMs + 2000,
        abort,
      );
      return withAbort(work, limits.signal, abort);
    });
  }

  private async inReadOnlyTransaction(
    client: Client,
    sql: string,
    limits: ExecuteLimits,
  ): Promise<SessionResult> {
    await client.query(
      `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(limits.timeoutMs))}`,
    );
    try {
      return limits.kind === 'query'
        ? await this.viaCursor(client, sql, limits.maxRows)
        : await this.direct(client, sql, limits.maxRows);
    } finally {
      if (this.client === client) await client.query('ROLLBACK').catch(() => this.dropClient(client));
    }
  }

  /** Extended protocol: the server refuses more than one statement in the text. */
  private extended(client: Client, text: string) {
    return client.query({
      text,
      rowMode: 'array',
      types: RAW_TEXT,
      queryMode: 'extended',
    } as never) as unknown as Promise<{
      rows: Array<Array<string | null>>;
      fields: FieldDef[];
    }>;
  }

  private async viaCursor(client: Client, sql: string, maxRows: number): Promise<SessionResult> {
    await this.extended(client, `DECLARE ktx_cursor NO SCROLL CURSOR FOR ${sql}`);
    const raw: Array<Array<string | null>> = [];
    let fields: FieldDef[] = [];
    let truncated = false;
    for (;;) {
      const want = Math.min(FETCH_BATCH, maxRows + 1 - raw.length);
      const batch = await this.extended(client, `FETCH FORWARD ${want} FROM ktx_cursor`);
      fields = batch.fields;
      for (const row of batch.rows) raw.push(row);
      if (raw.length > maxRows) {
        raw.length = maxRows;
        truncated = true;
        break;
      }
      if (batch.rows.length < want) break;
    }
    return this.convert(fields, raw, truncated);
  }

  /** EXPLAIN / SHOW cannot run in a cursor; their results are small and capped after reading. */
  private async direct(client: Client, sql: string, maxRows: number): Promise<SessionResult> {
    const result = await this.extended(client, sql);
    const truncated = result.rows.length > maxRows;
    return this.convert(
      result.fields ?? [],
      truncated ? result.rows.slice(0, maxRows) : result.rows,
      truncated,
    );
  }

  private async convert(
    fields: FieldDef[],
    raw: Array<Array<string | null>>,
    truncated: boolean,
  ): Promise<SessionResult> {
    await this.lookUpTypeNames(fields.map((field) => field.dataTypeID));
    // pg-types 2 exposes `arrayParser.create(text, fn).parse()`, later versions a plain function.
    const parser = this.pg!.types.arrayParser as unknown as
      | ArrayParser
      | { create: (...args: Parameters<ArrayParser>) => { parse(): unknown[] } };
    const parseArray: ArrayParser = (text, transform) =>
      typeof parser === 'function' ? parser(text, transform) : parser.create(text, transform).parse();
    const columns: QueryColumn[] = fields.map((field) => {
      const nativeType = this.typeNames.get(field.dataTypeID);
      return {
        name: field.name,
        ...(nativeType ? { nativeType } : {}),
        type: pgNormalizedType(field.dataTypeID, nativeType),
      };
    });
    const rows: QueryValue[][] = raw.map((row) =>
      row.map((value, index) => pgValue(value, fields[index]!.dataTypeID, parseArray)),
    );
    return { columns, rows, truncated };
  }

  private async lookUpTypeNames(oids: number[]): Promise<void> {
    const unknown = [...new Set(oids)].filter((oid) => !this.typeNames.has(oid));
    if (unknown.length === 0 || !this.client) return;
    const result = await this.extended(
      this.client,
      `SELECT oid::int, format_type(oid, NULL) FROM pg_type WHERE oid IN (${unknown.join(',')})`,
    );
    for (const [oid, name] of result.rows) this.typeNames.set(Number(oid), String(name));
  }

  protected async serverVersion(): Promise<string> {
    const { rows } = await this.runTrusted("SELECT current_setting('server_version')");
    return `PostgreSQL ${String(rows[0]?.[0] ?? '')}`;
  }

  protected async introspectSession(options: IntrospectOptions): Promise<Introspection> {
    return introspectPostgres(this, await this.serverVersion(), options);
  }

  protected async shutdown(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
