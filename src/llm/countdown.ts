import { redact } from '../core/redact.js';
import type { OutStream } from '../core/terminal.js';
import type { GovernorEvent, RateGovernor } from './governor.js';

/**
 * Makes governor waits visible on stderr: a live countdown on a terminal, one line per wait
 * otherwise (logs and CI). Waiting silently for a minute looks exactly like a hang.
 */
export function attachWaitCountdown(governor: RateGovernor, stream: OutStream): () => void {
  const tty = stream.isTTY === true && process.env.TERM !== 'dumb';
  const waits = new Map<string, { count: number; event: Extract<GovernorEvent, { type: 'wait' }> }>();
  let timer: NodeJS.Timeout | undefined;

  const line = (event: Extract<GovernorEvent, { type: 'wait' }>) => {
    const seconds = Math.max(0, Math.ceil((event.until - Date.now()) / 1000));
    return `LLM ${event.key}: ${event.reason}; retrying in ${seconds} s (attempt ${event.attempt}/${event.maxAttempts})`;
  };
  const draw = () => {
    const latest = [...waits.values()].sort((a, b) => b.event.until - a.event.until)[0];
    if (latest) stream.write(`\r\u001b[2K${redact(line(latest.event))}`);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  const unsubscribe = governor.subscribe((event) => {
    if (event.type === 'wait') {
      const current = waits.get(event.key);
      waits.set(event.key, { count: (current?.count ?? 0) + 1, event });
      if (!tty) {
        stream.write(`${redact(line(event))}\n`);
        return;
      }
      draw();
      if (!timer) {
        timer = setInterval(draw, 1000);
        timer.unref();
      }
    } else if (event.type === 'wait_end') {
      const current = waits.get(event.key);
      if (current && --current.count <= 0) waits.delete(event.key);
      if (tty && waits.size === 0) {
        stopTimer();
        stream.write('\r\u001b[2K');
      }
    } else {
      if (tty && waits.size > 0) stream.write('\r\u001b[2K');
      stream.write(
        `${redact(`LLM ${event.key}: concurrency ${event.from} → ${event.to} (${event.reason})`)}\n`,
      );
    }
  });
  return () => {
    unsubscribe();
    stopTimer();
  };
}
