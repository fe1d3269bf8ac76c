import { KtxError } from '../core/errors.js';
import type { DriverName } from './config.js';
import { categorizeError, type ErrorContext } from './errors.js';
import { checkReadOnlySql } from './readonly/gate.js';
import type { StatementKind } from './readonly/inspect.js';
import type { Gate } from './readonly/verdict-cache.js';
import { DEFAULT_QUERY_TIMEOUT_MS } from './resolve.js';
import type {
  ConnectionTestResult,
  Connector,
  Dialect,
  Introspection,
  IntrospectOptions,
  QueryColumn,
  QueryOptions,
  QueryResult,
  QueryValue,
} from './types.js';

/**
 * What every driver shares: the query pipeline (gate → read-only execution → row cap → timing)
 * and error categorisation. A driver implements `open` (its read-only session), `runInSession`
 * (stream rows of already-checked SQL, stopping at the cap) and introspection.
 */

export interface ExecuteLimits {
  maxRows: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** What the gate classified the statement as (drivers stream queries and buffer the rest). */
  kind?: StatementKind;
}

export interface SessionResult {
  columns: QueryColumn[];
  rows: QueryValue[][];
  truncated: boolean;
}

export interface ConnectorSettings {
  id: string;
  queryTimeoutMs?: number;
  /** Where the connector points, for messages (no credentials). */
  target: string;
  scope?: ConnectorScope;
}

/** Which schemas and tables introspection covers (from ktx.yaml). */
export interface ConnectorScope {
  schemas?: string[];
  exclude_schemas?: string[];
  include_tables?: string[];
  exclude_tables?: string[];
}

export abstract class BaseConnector implements Connector {
  abstract readonly driver: DriverName;
  abstract readonly dialect: Dialect;
  readonly id: string;
  readonly scope: ConnectorScope;
  protected readonly target: string;
  protected readonly queryTimeoutMs: number;
  private opening: Promise<void> | undefined;
  private gate: Gate = checkReadOnlySql;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(settings: ConnectorSettings) {
    this.id = settings.id;
    this.target = settings.target;
    this.scope = settings.scope ?? {};
    this.queryTimeoutMs = settings.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  }

  /** Opens the read-only session (connect, authenticate, set session guards). */
  protected abstract open(): Promise<void>;
  /**
   * Layer 2 + 3: runs SQL inside the read-only session with the statement timeout, streaming
   * and stopping after `maxRows` (+1 to detect truncation). Only SQL that passed the gate, or
   * SQL ktx wrote itself (introspection), may come here.
   */
  protected abstract runInSession(sql: string, limits: ExecuteLimits): Promise<SessionResult>;
  protected abstract serverVersion(): Promise<string>;
  protected abstract introspectSession(options: IntrospectOptions): Promise<Introspection>;
  protected abstract shutdown(): Promise<void>;

  protected errorContext(phase: ErrorContext['phase'], timeoutMs?: number): ErrorContext {
    return { connectionId: this.id, driver: this.driver, phase, target: this.target, timeoutMs };
  }

  /**
   * Replaces the parser gate with an equivalent one (the registry installs the verdict cache
   * for project-bound connectors). Only ever a gate: there is no way to switch checks off.
   */
  useGate(gate: Gate): void {
    this.gate = gate;
  }

  /**
   * Runs `work` after every earlier call has settled: each driver's session runs one statement
   * at a time, and a failed call must not block the ones queued behind it.
   */
  protected serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Opens once; a failed open can be retried. */
  protected ensureOpen(): Promise<void> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw categorizeError(error, this.errorContext('connect'));
    });
    return this.opening;
  }

  /** Forget the session (after a cancelled or broken query) so the next call reconnects. */
  protected resetSession(): void {
    this.opening = undefined;
  }

  async test(): Promise<ConnectionTestResult> {
    const started = performance.now();
    await this.ensureOpen();
    try {
      const serverVersion = await this.serverVersion();
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10, serverVersion };
    } catch (error) {
      throw categorizeError(error, this.errorContext('connect'));
    }
  }

  async introspect(options: IntrospectOptions = {}): Promise<Introspection> {
    await this.ensureOpen();
    try {
      return await this.introspectSession(options);
    } catch (error) {
      throw categorizeError(error, this.errorContext('query'));
    }
  }

  async query(sql: string, options: QueryOptions): Promise<QueryResult> {
    const maxRows = options.maxRows;
    if (!Number.isInteger(maxRows) || maxRows < 1) {
      throw new KtxError('usage', `maxRows must be a positive integer (got ${maxRows}).`, { exitCode: 64 });
    }
    const timeoutMs = options.timeoutMs ?? this.queryTimeoutMs;
    if (options.signal?.aborted) throw cancelled(this.id);
    // Connecting and parsing are independent: overlap them. The SQL is sent only once the
    // gate has accepted it.
    const opening = this.ensureOpen();
    opening.catch(() => {});
    const verdict = await this.gate(sql, { dialect: this.dialect, maxRows, timeoutMs });
    await opening;
    if (options.signal?.aborted) throw cancelled(this.id);
    const started = performance.now();
    try {
      const result = await this.runInSession(verdict.sql, {
        maxRows,
        timeoutMs,
        signal: options.signal,
        kind: verdict.kind,
      });
      return {
        columns: result.columns,
        rows: result.rows,
        rowCount: result.rows.length,
        truncated: result.truncated,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
    } catch (error) {
      if (options.signal?.aborted) throw cancelled(this.id);
      throw categorizeError(error, this.errorContext('query', timeoutMs));
    }
  }

  /**
   * Runs SQL in the read-only session without the parser gate. For ktx's own SQL (catalog
   * queries) and for tests proving that the session alone refuses writes. Never pass user SQL.
   */
  async runTrusted(sql: string, limits: Partial<ExecuteLimits> = {}): Promise<SessionResult> {
    await this.ensureOpen();
    const timeoutMs = limits.timeoutMs ?? this.queryTimeoutMs;
    try {
      return await this.runInSession(sql, {
        maxRows: limits.maxRows ?? 100_000,
        timeoutMs,
        signal: limits.signal,
        kind: limits.kind ?? 'query',
      });
    } catch (error) {
      throw categorizeError(error, this.errorContext('query', timeoutMs));
    }
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return;
    try {
      await opening;
    } catch {
      return;
    }
    await this.shutdown();
  }
}

export function cancelled(connectionId: string): KtxError {
  return new KtxError('sql_cancelled', `The query on "${connectionId}" was cancelled.`);
}

/**
 * Settles with `work`, unless `signal` aborts first: then `onAbort` runs (interrupt the engine,
 * drop the connection) and the promise rejects at once, whatever the driver does next.
 */
export function withAbort<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => void,
): Promise<T> {
  if (!signal) return work;
  let listener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort();
      reject(Object.assign(new Error('query cancelled'), { code: 'KTX_CANCELLED' }));
    };
    if (signal.aborted) listener();
    else signal.addEventListener('abort', listener, { once: true });
  });
  work.catch(() => {});
  return Promise.race([work, aborted]).finally(() => {
    if (listener) signal.removeEventListener('abort', listener);
  });
}

/** Rejects with a timeout error if `work` has not settled after `ms` (then calls `onTimeout`). */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(Object.assign(new Error(`query timed out after ${ms} ms`), { code: 'KTX_TIMEOUT' }));
    }, ms);
    timer.unref?.();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
