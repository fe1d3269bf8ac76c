import { describe, expect, it } from 'vitest';
import { type GovernorEvent, RateGovernor } from './governor.js';

const retry = { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 2_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function governor(maxConcurrency = 2) {
  const events: GovernorEvent[] = [];
  const g = new RateGovernor({ maxConcurrency, retry }, { random: () => 0.5 });
  g.subscribe((event) => events.push(event));
  return { g, events };
}

describe('RateGovernor', () => {
  it('never runs more requests at once than the limit', async () => {
    const { g } = governor(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        g.run('k', async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(20);
          active--;
          return { value: 1 };
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it('waits exactly the provider retry-after, announces it, and pauses every caller of the key', async () => {
    const { g, events } = governor(4);
    let calls = 0;
    const started = Date.now();
    const first = g.run('k', async () =>
      ++calls === 1
        ? { value: 'no', retry: { reason: 'rate limited (HTTP 429)', retryAfterMs: 300, shared: true } }
        : { value: 'yes' },
    );
    await sleep(20);
    const secondStarted = Date.now();
    const second = g.run('k', async () => ({ value: 'other' }));
    expect(await first).toBe('yes');
    expect(await second).toBe('other');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The second caller arrived during the pause and had to wait for it too.
    expect(Date.now() - secondStarted).toBeGreaterThanOrEqual(250);
    expect(events.find((e) => e.type === 'wait')).toMatchObject({
      reason: 'rate limited (HTTP 429)',
      attempt: 2,
      maxAttempts: 4,
    });
    expect(events.some((e) => e.type === 'wait_end')).toBe(true);
  });

  it('backs off exponentially without a retry-after and stops after maxAttempts, returning the last answer', async () => {
    const g = new RateGovernor({ maxConcurrency: 1, retry }, { random: () => 0.5 });
    expect([1, 2, 3].map((n) => g.backoffMs(n))).toEqual([40, 80, 160]);
    let calls = 0;
    const value = await g.run('k', async () => ({
      value: ++calls,
      retry: { reason: 'overloaded (HTTP 529)' },
    }));
    expect(calls).toBe(4);
    expect(value).toBe(4);
  });

  it('gives up at once when the provider asks for a longer wait than llm.retry.maxDelayMs', async () => {
    const { g } = governor();
    let calls = 0;
    await g.run('k', async () => ({
      value: ++calls,
      retry: { reason: '429', retryAfterMs: 10 * 60_000, shared: true },
    }));
    expect(calls).toBe(1);
  });

  it('drops to one request at a time under pressure and recovers step by step', async () => {
    const { g, events } = governor(3);
    let calls = 0;
    await g.run('k', async () =>
      ++calls === 1
        ? { value: 0, retry: { reason: 'overloaded (HTTP 529)', retryAfterMs: 0 } }
        : { value: 1 },
    );
    expect(g.limitOf('k')).toBe(1);
    for (let i = 0; i < 6; i++) await g.run('k', async () => ({ value: 1 }));
    expect(g.limitOf('k')).toBe(3);
    expect(
      events.filter((e) => e.type === 'concurrency').map((e) => (e.type === 'concurrency' ? e.to : 0)),
    ).toEqual([1, 2, 3]);
    await g.run('k', async () => ({ value: 1, utilization: 0.95 }));
    expect(g.limitOf('k')).toBe(2);
  });

  it('retries thrown errors only when told they are retryable', async () => {
    const { g } = governor();
    let calls = 0;
    await expect(
      g.run('k', async () => {
        calls++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
    calls = 0;
    const value = await g.run(
      'k',
      async () => {
        if (++calls < 3) throw new Error('reset');
        return { value: 'ok' };
      },
      { retryableError: () => ({ reason: 'connection dropped' }) },
    );
    expect(value).toBe('ok');
  });

  it('stops waiting on abort, and an aborted waiter never takes a slot', async () => {
    const { g } = governor(1);
    let release!: () => void;
    const holder = g.run(
      'k',
      () =>
        new Promise<{ value: number }>((resolve) => {
          release = () => resolve({ value: 1 });
        }),
    );
    const controller = new AbortController();
    const waiter = g.run('k', async () => ({ value: 2 }), { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiter).rejects.toThrow('stop');
    release();
    await holder;
    expect(await g.run('k', async () => ({ value: 3 }))).toBe(3);

    const paused = g.run(
      'p',
      async () => ({ value: 0, retry: { reason: '429', retryAfterMs: 1_500, shared: true } }),
      { signal: AbortSignal.timeout(100) },
    );
    await expect(paused).rejects.toBeDefined();
  });
});
