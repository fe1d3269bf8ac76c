import { EXIT, type ExitCode, errorMessage, KtxError } from '../core/errors.js';
import { Progress } from '../core/progress.js';
import { redact, redactValue } from '../core/redact.js';
import { colorEnabled, createStyle, type OutStream, type Style } from '../core/terminal.js';
import type { Project } from '../project/project.js';
import { ktxVersion } from './version.js';

/** What every command receives: output channels, global flags, and lazy project access. */

export interface GlobalOptions {
  projectDir?: string;
  json?: boolean;
  debug?: boolean;
  /** commander's `--no-input` sets `input: false`. */
  input?: boolean;
}

export interface CommandWarning {
  code: string;
  message: string;
  fix?: string;
}

export interface CommandResult<T = unknown> {
  data: T;
  /** Human output for stdout (TTY or not); omit to print nothing in human mode. */
  human?: string | (() => string);
  /** Default 0. Use EXIT.partial for "worked, with warnings" where the command defines it. */
  exitCode?: ExitCode;
}

export interface CommandContext {
  command: string;
  json: boolean;
  debug: boolean;
  noInput: boolean;
  /** True when ktx may prompt: stdin and stderr are TTYs and neither --no-input nor --json. */
  interactive: boolean;
  projectDirFlag: string | undefined;
  stdout: OutStream;
  stderr: OutStream;
  /** Styles for stdout and stderr (colour only where that stream supports it). */
  style: Style;
  errStyle: Style;
  warnings: CommandWarning[];
  warn(warning: CommandWarning): void;
  info(message: string): void;
  debugLog(message: string): void;
  progress(): Progress;
  /** Opens the project (resolution precedence, validation, unknown-key warnings). */
  project(): Promise<Project>;
}

export interface ContextOptions {
  command: string;
  globals: GlobalOptions;
  stdout?: OutStream;
  stderr?: OutStream;
  stdinIsTTY?: boolean;
}

export function createContext(options: ContextOptions): CommandContext {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const json = options.globals.json === true;
  const noInput = options.globals.input === false || process.env.CI === 'true' || process.env.CI === '1';
  const stdinTTY = options.stdinIsTTY ?? process.stdin.isTTY === true;
  const errStyle = createStyle(colorEnabled(stderr));
  let projectPromise: Promise<Project> | undefined;
  const ctx: CommandContext = {
    command: options.command,
    json,
    debug: options.globals.debug === true,
    noInput,
    interactive: !noInput && !json && stdinTTY && stderr.isTTY === true,
    projectDirFlag: options.globals.projectDir,
    stdout,
    stderr,
    style: createStyle(colorEnabled(stdout)),
    errStyle,
    warnings: [],
    warn(warning) {
      ctx.warnings.push(warning);
      const fix = warning.fix ? errStyle.dim(`\n  fix: ${warning.fix}`) : '';
      stderr.write(`${errStyle.yellow('warning:')} ${redact(warning.message)}${redact(fix)}\n`);
    },
    info(message) {
      stderr.write(`${redact(message)}\n`);
    },
    debugLog(message) {
      if (ctx.debug) stderr.write(`${errStyle.dim(`[debug] ${redact(message)}`)}\n`);
    },
    progress() {
      return new Progress(stderr);
    },
    project() {
      projectPromise ??= (async () => {
        const { openProject } = await import('../project/project.js');
        const project = await openProject({ flag: ctx.projectDirFlag });
        ctx.debugLog(`projectDir=${project.dir}`);
        for (const issue of project.loaded.warnings) {
          ctx.warn({
            code: 'config_unknown_field',
            message: `ktx.yaml: ${issue.path}: ${issue.message}`,
            fix: issue.fix,
          });
        }
        return project;
      })();
      return projectPromise;
    },
  };
  return ctx;
}

/** The single JSON shape every command prints under --json (documented in the README). */
export interface JsonEnvelope {
  ok: boolean;
  command: string;
  data?: unknown;
  error?: { code: string; message: string; hint?: string; details?: Record<string, unknown> };
  warnings: CommandWarning[];
  meta: { ktxVersion: string; schemaVersion: 1 };
}

function envelope(ctx: CommandContext, body: Pick<JsonEnvelope, 'ok' | 'data' | 'error'>): string {
  const full: JsonEnvelope = {
    ok: body.ok,
    command: ctx.command,
    ...(body.ok ? { data: body.data } : { error: body.error }),
    warnings: ctx.warnings,
    meta: { ktxVersion: ktxVersion(), schemaVersion: 1 },
  };
  return `${JSON.stringify(redactValue(full), null, 2)}\n`;
}

export function printResult(ctx: CommandContext, result: CommandResult): ExitCode {
  if (ctx.json) {
    ctx.stdout.write(envelope(ctx, { ok: true, data: result.data }));
  } else if (result.human !== undefined) {
    const text = typeof result.human === 'function' ? result.human() : result.human;
    if (text) ctx.stdout.write(redact(text.endsWith('\n') ? text : `${text}\n`));
  }
  return result.exitCode ?? EXIT.ok;
}

export function printError(ctx: CommandContext, error: unknown): ExitCode {
  if (KtxError.is(error)) {
    if (ctx.json) {
      ctx.stdout.write(
        envelope(ctx, {
          ok: false,
          error: { code: error.code, message: error.message, hint: error.hint, details: error.details },
        }),
      );
    } else {
      const s = ctx.errStyle;
      ctx.stderr.write(`${s.red('error:')} ${redact(error.message)}\n`);
      if (error.hint) ctx.stderr.write(`${s.dim('hint:')} ${redact(error.hint)}\n`);
    }
    return error.exitCode;
  }
  // Anything else is a bug: say so, keep the stack for --debug.
  const message = errorMessage(error);
  if (ctx.json) {
    ctx.stdout.write(
      envelope(ctx, {
        ok: false,
        error: {
          code: 'internal_error',
          message,
          hint: 'This is a ktx bug; rerun with --debug and report it.',
        },
      }),
    );
  } else {
    ctx.stderr.write(`${ctx.errStyle.red('internal error:')} ${redact(message)}\n`);
    ctx.stderr.write(
      `${ctx.errStyle.dim('This is a ktx bug. Rerun with --debug for details and report it.')}\n`,
    );
  }
  if (ctx.debug && error instanceof Error && error.stack) ctx.stderr.write(`${redact(error.stack)}\n`);
  return EXIT.failure;
}
