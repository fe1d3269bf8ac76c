import type { Command } from 'commander';
import { EXIT, type ExitCode } from '../core/errors.js';
import {
  type CommandContext,
  type CommandResult,
  createContext,
  type GlobalOptions,
  printError,
  printResult,
} from './context.js';

/** Glue between commander and commands: builds the context, prints the result, records the exit code. */

export type Action<O = Record<string, unknown>> = (
  ctx: CommandContext,
  args: string[],
  options: O,
) => Promise<CommandResult>;

let lastExitCode: ExitCode = EXIT.ok;

export function takeExitCode(): ExitCode {
  return lastExitCode;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent)
    names.unshift(current.name());
  return names.join(' ');
}

export function run<O = Record<string, unknown>>(action: Action<O>): (...args: unknown[]) => Promise<void> {
  return async (...commanderArgs: unknown[]) => {
    const command = commanderArgs.at(-1) as Command;
    const options = commanderArgs.at(-2) as O;
    const positional = commanderArgs
      .slice(0, -2)
      .flatMap((arg) => (Array.isArray(arg) ? (arg as string[]) : arg === undefined ? [] : [String(arg)]));
    const globals = command.optsWithGlobals() as GlobalOptions;
    const ctx = createContext({ command: commandPath(command), globals });
    try {
      const result = await action(ctx, positional, options);
      lastExitCode = printResult(ctx, result);
    } catch (error) {
      lastExitCode = printError(ctx, error);
    }
  };
}
