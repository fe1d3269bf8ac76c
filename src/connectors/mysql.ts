import type { Connection, QueryError } from 'mysql2';
import { BaseConnector, type ExecuteLimits, type SessionResult, withAbort, withDeadline } from './base.js';
import type { MysqlConnectionConfig } from './config.js';
import { introspectMysql } from './mysql-introspect.js';
import { type MysqlField, mysqlNormalizedType, mysqlTypeName, mysqlValue } from './mysql-values.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, describeTarget, type ServerParams } from './resolve.js';
import type { Introspection, IntrospectOptions, QueryValue } from './types.js';

/**
 * MySQL and MariaDB through mysql2. Read-only layers:
 * - the session is `SET SESSION TRANSACTION READ ONLY`, and every statement runs inside
 *   `START TRANSACTION READ ONLY … ROLLBACK`;
 * - multi-statement text is disabled at the protocol level;
 * - statement timeouts are server-side (MariaDB `max_statement_time`, MySQL
 *   `max_execution_time`), with a client-side backstop;
 * - `sql_select_limit` makes the server stop after the row cap, and rows beyond it are never kept;
 * - sql_mode drops ANSI_QUOTES / NO_BACKSLASH_ESCAPES so the server lexes SQL like the gate did.
 */

type Mysql2Module = typeof import('mysql2');

export class MysqlConnector extends BaseConnector {
  readonly driver: 'mysql' | 'mariadb';
  readonly dialect = 'mysql' as const;
  private readonly params: ServerParams;
  private connection: Connection | undefined;
  private mysql: Mysql2Module | undefined;
  private flavor: 'MySQL' | 'MariaDB' = 'MySQL';
  private version = '';

  constructor(
    id: string,
    config: MysqlConnectionConfig,
    params: ServerParams,
    private readonly connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
  ) {
    super({
      id,
      queryTimeoutMs: config.query_timeout_ms,
      target: describeTarget(params),
      scope: { ...config, schemas: config.schemas ?? (params.database ? [params.database] : undefined) },
    });
    this.driver = config.driver;
    this.params = params;
  }

  protected async open(): Promise<void> {
    this.mysql ??= ((await import('mysql2')) as unknown as { default: Mysql2Module }).default;
    const mysql = this.mysql;
    const connect = (tls: boolean) =>
      new Promise<Connection>((resolve, reject) => {
        const connection = mysql.createConnection({
          host: this.params.host,
          port: this.params.port,
          user: this.params.user,
          password: this.params.password,
          database: this.params.database,
          ...(tls ? { ssl: { rejectUnauthorized: this.params.ssl === 'verify-full' } } : {}),
          connectTimeout: this.connectTimeoutMs,
          multipleStatements: false,
          charset: 'utf8mb4',
          supportBigNumbers: true,
          bigNumberStrings: true,
          dateStrings: true,
          decimalNumbers: false,
          jsonStrings: true,
          timezone: 'Z',
        });
        connection.once('connect', () => resolve(connection));
        connection.once('error', (error) => {
          connection.destroy(); // never leave a half-open socket behind a failed connect
          reject(error);
        });
      });
    let connection: Connection;
    try {
      connection = await connect(this.params.ssl !== 'disable');
    } catch (error) {
      if (this.params.ssl !== 'prefer' || !/secure connection|ssl/i.test(String((error as Error).message)))
        throw error;
      connection = await connect(false);
    }
    connection.on('error', () => this.dropConnection(connection));
    this.connection = connection;
    const [[version]] = (await this.simple(connection, 'SELECT VERSION()')) as string[][];
    this.version = String(version);
    this.flavor = /mariadb/i.test(this.version) ? 'MariaDB' : 'MySQL';
    const [[mode]] = (await this.simple(connection, 'SELECT @@SESSION.sql_mode')) as string[][];
    const safeMode = String(mode ?? '')
      .split(',')
      .filter((flag) => flag && flag !== 'ANSI_QUOTES' && flag !== 'NO_BACKSLASH_ESCAPES' && flag !== 'ANSI')
      .join(',');
    await this.simple(connection, 'SET SESSION TRANSACTION READ ONLY');
    await this.simple(
      connection,
      `SET SESSION time_zone = '+00:00', SESSION sql_mode = '${safeMode.replace(/'/g, '')}'`,
    );
  }

  /** Runs ktx's own SQL and returns all rows (session setup only). */
  private simple(connection: Connection, sql: string): Promise<unknown[][]> {
    return new Promise((resolve, reject) => {
      connection.query({ sql, rowsAsArray: true }, (error: QueryError | null, rows: unknown) =>
        error ? reject(error) : resolve((Array.isArray(rows) ? rows : []) as unknown[][]),
      );
    });
  }

  /** Stops the statement on the server (`KILL QUERY` from a second connection of the same user). */
  private killRunning(connection: Connection): void {
    const threadId = connection.threadId;
    if (!this.mysql || !threadId) return;
    const killer = this.mysql.createConnection({
      host: this.params.host,
      port: this.params.port,
      user: this.params.user,
      password: this.params.password,
      ...(this.params.ssl !== 'disable'
        ? { ssl: { rejectUnauthorized: this.params.ssl === 'verify-full' } }
        : {}),
      connectTimeout: 5000,
    });
    killer.on('error', () => {});
    killer.query(`KILL QUERY ${Number(threadId)}`, () => killer.end(() => {}));
  }

  private dropConnection(connection: Connection): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.resetSession();
    connection.destroy();
  }

  protected runInSession(sql: string, limits: ExecuteLimits): Promise<SessionResult> {
    return this.serial(async () => {
      if (!this.connection) await this.ensureOpen();
      const connection = this.connection!;
      const abort = () => {
        this.killRunning(connection);
        this.dropConnection(connection);
      };
      const work = withDeadline(
        this.inReadOnlyTransaction(connection, sql, limits),
        limits.timeoutMs + 2000,
        abort,
      );
      return withAbort(work, limits.signal, abort);
    });
  }

  private async inReadOnlyTransaction(
    connection: Connection,
    sql: string,
    limits: ExecuteLimits,
  ): Promise<SessionResult> {
    const timeout =
      this.flavor === 'MariaDB'
        ? `SESSION max_statement_time = ${Math.max(0.001, limits.timeoutMs / 1000)}`
        : `SESSION max_execution_time = ${Math.max(1, Math.floor(limits.timeoutMs))}`;
    await this.simple(connection, `SET SESSION sql_select_limit = ${limits.maxRows + 1}, ${timeout}`);
    await this.simple(connection, 'START TRANSACTION READ ONLY');
    try {
      return await this.stream(connection, sql, limits.maxRows);
    } finally {
      if (this.connection === connection)
        await this.simple(connection, 'ROLLBACK').catch(() => this.dropConnection(connection));
    }
  }

  private stream(connection: Connection, sql: string, maxRows: number): Promise<SessionResult> {
    return new Promise((resolve, reject) => {
      let fields: MysqlField[] = [];
      const rows: QueryValue[][] = [];
      let truncated = false;
      const query = connection.query({ sql, rowsAsArray: true });
      query.on('fields', (received: MysqlField[]) => {
        fields = received ?? [];
      });
      query.on('result', (row: unknown) => {
        if (!Array.isArray(row)) return; // an OK packet (statement without rows)
        if (rows.length >= maxRows) {
          truncated = true; // read and dropped: memory stays bounded by the cap
          return;
        }
        rows.push(row.map((value, index) => mysqlValue(value, fields[index]!)));
      });
      query.on('error', reject);
      query.on('end', () =>
        resolve({
          columns: fields.map((field) => ({
            name: field.name,
            nativeType: mysqlTypeName(field),
            type: mysqlNormalizedType(field),
          })),
          rows,
          truncated,
        }),
      );
    });
  }

  protected async serverVersion(): Promise<string> {
    return `${this.flavor} ${this.version}`;
  }

  protected async introspectSession(options: IntrospectOptions): Promise<Introspection> {
    return introspectMysql(this, await this.serverVersion(), options);
  }

  protected async shutdown(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    await new Promise<void>((resolve) => connection.end(() => resolve()));
  }
}
