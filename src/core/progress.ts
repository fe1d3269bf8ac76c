import { redact } from './redact.js';
import type { OutStream } from './terminal.js';

/**
 * Progress on stderr: a redrawn single line on a TTY, plain phase lines otherwise. Never
 * touches stdout, so `--json` output stays parseable.
 */
export class Progress {
  private readonly stream: OutStream;
  private readonly tty: boolean;
  private readonly enabled: boolean;
  private lastLine = '';
  private lastPhase = '';
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private static readonly FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

  constructor(stream: OutStream, options: { enabled?: boolean } = {}) {
    this.stream = stream;
    this.tty = stream.isTTY === true && process.env.TERM !== 'dumb';
    this.enabled = options.enabled ?? true;
  }

  /** Start of a phase, e.g. "Profiling tables". */
  phase(label: string): void {
    if (!this.enabled) return;
    this.lastPhase = label;
    if (this.tty) {
      this.draw(label);
      if (!this.timer) {
        this.timer = setInterval(() => this.draw(this.lastLine || label), 100);
        this.timer.unref();
      }
    } else {
      this.stream.write(`${redact(label)}\n`);
    }
  }

  /** Fractional progress inside the current phase. */
  update(done: number, total: number, detail = ''): void {
    if (!this.enabled || !this.tty) return;
    const width = 20;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.lastLine = `${this.lastPhase} ${bar} ${done}/${total}${detail ? ` ${detail}` : ''}`;
    this.draw(this.lastLine);
  }

  private draw(text: string): void {
    const spinner = Progress.FRAMES[this.frame++ % Progress.FRAMES.length];
    const columns = this.stream.columns ?? 100;
    const line = `${spinner} ${redact(text)}`.slice(0, Math.max(10, columns - 1));
    this.stream.write(`\r\u001b[2K${line}`);
  }

  /** Clears the progress line (TTY) so the final output starts clean. */
  done(message?: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.enabled) return;
    if (this.tty) this.stream.write('\r\u001b[2K');
    if (message) this.stream.write(`${redact(message)}\n`);
    this.lastLine = '';
  }
}
