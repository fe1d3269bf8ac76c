import type { Command } from 'commander';

/**
 * Returns the command group `name` (e.g. `sl`, `wiki`, `connection`), creating it on first use.
 * Several modules register subcommands into the same group (`sl query` and `sl search` come
 * from different features), so registrars must never call `program.command(name)` twice.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((command) => command.name() === name);
  if (existing) return existing;
  return program.command(name).description(description);
}
