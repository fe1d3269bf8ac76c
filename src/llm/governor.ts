import type { RetrySettings } from './config.js';

/**
 * The process-wide rate governor. Every provider request of every runtime in this process goes
 * through it, keyed by backend and model, so parallel work shares one view of the provider's
 * limits:
 * - a 429 pauses the whole key until the provider's retry-after / reset time (or an
 *   exponential backoff with jitter when it gives none) and drops concurrency to 1;
 * - 529/503 (overloaded) and 5xx back off the failing caller and drop concurrency too;
 * - successes restore concurrency step by step, and slow down when the rate-limit headers say
 *   we are close to the limit;
 * - attempts are bounded, and every wait is announced (the CLI shows a countdown on stderr).
 */

export interface GovernorSettings {
  maxConcurrency: number;
  retry: RetrySettings;
}

export type GovernorEvent =
  | {
      type: 'wait';
      key: string;
      reason: string;
      /** Epoch ms when the wait ends. */
      until: number;
      attempt: number;
      maxAttempts: number;
    }
  | { type: 'wait_end'; key: string }
  | { type: 'concurrency'; key: string; from: number; to: number; reason: string };

export type GovernorListener = (event: GovernorEvent) => void;

export interface RetrySignal {
  /** Human reason, e.g. `rate limited (HTTP 429)`. */
  reason: string;
  status?: number;
  /** The provider's own wait, from retry-after or reset headers. */
  retryAfterMs?: number;
  /** A rate-limit rejection pauses every caller of the key, not only this one. */
  shared?: boolean;
}

/** What one attempt produced: a value to return, or a value plus a request to retry. */
export interface AttemptOutcome<T> {
  value: T;
  retry?: RetrySignal;
  /** 0..1 share of the provider limit in use, from response headers. */
  utilization?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  maxAttempts?: number;
  /** Thrown errors that deserve another attempt (network resets, timeouts). */
  retryableError?: (error: unknown) => RetrySignal | undefined;
}

interface KeyState {
  active: number;
  limit: number;
  waiters: Array<() => void>;
  pausedUntil: number;
  successStreak: number;
}

const HIGH_UTILIZATION = 0.9;
const LOW_UTILIZATION = 0.5;
const SUCCESSES_PER_STEP_UP = 3;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RateGovernor {
  private settings: GovernorSettings;
  private readonly keys = new Map<string, KeyState>();
  private readonly listeners = new Set<GovernorListener>();
  private readonly random: () => number;

  constructor(settings: GovernorSettings, options: { random?: () => number } = {}) {
    this.settings = settings;
    this.random = options.random ?? Math.random;
  }

  /** The latest runtime's settings win; state (pauses, reduced limits) is kept. */
  configure(settings: GovernorSettings): void {
    this.settings = settings;
    for (const state of this.keys.values()) state.limit = Math.min(state.limit, settings.maxConcurrency);
  }

  get retry(): RetrySettings {
    return this.settings.retry;
  }

  subscribe(listener: GovernorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Current concurrency limit of a key (for status and tests). */
  limitOf(key: string): number {
    return this.state(key).limit;
  }

  /**
   * A retry an agent host (the Claude Code process) is making by itself, inside one of our
   * attempts: it already knows the provider's retry-after, so it waits, not us. Reporting it
   * keeps one view of the provider's limits: the wait is announced (the countdown shows it),
   * concurrency drops, and a rate limit pauses the other callers of the key too.
   */
  announceHostRetry(
    key: string,
    retry: RetrySignal,
    delayMs: number,
    attempt: number,
    maxAttempts: number,
  ): void {
    const state = this.state(key);
    this.reduce(key, state, 1, retry.reason);
    const until = Date.now() + delayMs;
    if (retry.shared) state.pausedUntil = Math.max(state.pausedUntil, until);
    this.emit({ type: 'wait', key, reason: retry.reason, until, attempt, maxAttempts });
  }

  /** The host's retry went out (its answer, or its next failure, arrived). */
  hostRetryEnded(key: string): void {
    this.emit({ type: 'wait_end', key });
  }

  async run<T>(
    key: string,
    attempt: (n: number) => Promise<AttemptOutcome<T>>,
    options: RunOptions = {},
  ): Promise<T> {
    const maxAttempts = Math.max(1, options.maxAttempts ?? this.settings.retry.maxAttempts);
    const state = this.state(key);
    for (let n = 1; ; n++) {
      await this.waitWhilePaused(state, options.signal);
      const release = await this.acquire(state, options.signal);
      let outcome: AttemptOutcome<T>;
      try {
        outcome = await attempt(n);
      } catch (error) {
        release();
        const retry = options.signal?.aborted ? undefined : options.retryableError?.(error);
        if (!retry) throw error;
        // A failure thrown by a non-HTTP backend (an agent host) weighs like a failed response.
        this.reduce(key, state, 1, retry.reason);
        if (n >= maxAttempts) throw error;
        await this.backOff(key, state, retry, n, maxAttempts, options.signal);
        continue;
      }
      release();
      if (!outcome.retry) {
        this.onSuccess(key, state, outcome.utilization);
        return outcome.value;
      }
      this.reduce(key, state, 1, outcome.retry.reason);
      // Out of attempts, or the provider wants a longer wait than we are willing to sit through:
      // hand back its answer so the caller reports the real error.
      if (n >= maxAttempts) return outcome.value;
      if ((outcome.retry.retryAfterMs ?? 0) > this.settings.retry.maxDelayMs) return outcome.value;
      await this.backOff(key, state, outcome.retry, n, maxAttempts, options.signal);
    }
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = {
        active: 0,
        limit: this.settings.maxConcurrency,
        waiters: [],
        pausedUntil: 0,
        successStreak: 0,
      };
      this.keys.set(key, state);
    }
    return state;
  }

  private emit(event: GovernorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken display must never break a request.
      }
    }
  }

  /** Exponential backoff with ±25 % jitter, capped. */
  backoffMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.settings.retry;
    const raw = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(Math.min(maxDelayMs, raw * (0.75 + this.random() * 0.5)));
  }

  private async backOff(
    key: string,
    state: KeyState,
    retry: RetrySignal,
    attempt: number,
    maxAttempts: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const delay = retry.retryAfterMs ?? this.backoffMs(attempt);
    const until = Date.now() + delay;
    if (retry.shared) {
      // Everyone sending to this key would be rejected too: pause them all.
      state.pausedUntil = Math.max(state.pausedUntil, until);
    }
    this.emit({ type: 'wait', key, reason: retry.reason, until, attempt: attempt + 1, maxAttempts });
    try {
      await abortableSleep(delay, signal);
    } finally {
      this.emit({ type: 'wait_end', key });
    }
  }

  private async waitWhilePaused(state: KeyState, signal?: AbortSignal): Promise<void> {
    while (state.pausedUntil > Date.now()) {
      // Spread the callers released by one pause a little, so they do not all hit the limit at once.
      const delay = state.pausedUntil - Date.now() + Math.round(this.random() * 200);
      await abortableSleep(delay, signal);
    }
  }

  private acquire(state: KeyState, signal?: AbortSignal): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      state.active--;
      this.wake(state);
    };
    if (state.active < state.limit) {
      state.active++;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        state.active++;
        resolve(release);
      };
      const onAbort = () => {
        // An aborted wait never takes a slot.
        state.waiters = state.waiters.filter((candidate) => candidate !== waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.waiters.push(waiter);
    });
  }

  private wake(state: KeyState): void {
    while (state.active < state.limit && state.waiters.length > 0) state.waiters.shift()!();
  }

  private reduce(key: string, state: KeyState, to: number, reason: string): void {
    state.successStreak = 0;
    const next = Math.max(1, Math.min(state.limit, to));
    if (next !== state.limit) {
      this.emit({ type: 'concurrency', key, from: state.limit, to: next, reason });
      state.limit = next;
    }
  }

  private onSuccess(key: string, state: KeyState, utilization: number | undefined): void {
    if (utilization !== undefined && utilization >= HIGH_UTILIZATION) {
      this.reduce(
        key,
        state,
        state.limit - 1,
        `${Math.round(utilization * 100)}% of the provider limit in use`,
      );
      return;
    }
    if (utilization !== undefined && utilization > LOW_UTILIZATION) return;
    state.successStreak++;
    if (state.successStreak >= SUCCESSES_PER_STEP_UP && state.limit < this.settings.maxConcurrency) {
      state.successStreak = 0;
      this.emit({
        type: 'concurrency',
        key,
        from: state.limit,
        to: state.limit + 1,
        reason: 'provider recovered',
      });
      state.limit++;
      this.wake(state);
    }
  }
}

let shared: RateGovernor | undefined;

/** The one governor of this process (created by the first runtime, reconfigured by later ones). */
export function processGovernor(settings: GovernorSettings): RateGovernor {
  if (!shared) shared = new RateGovernor(settings);
  else shared.configure(settings);
  return shared;
}
