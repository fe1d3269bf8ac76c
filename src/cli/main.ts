import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../core/errors.js';
import { COMMAND_REGISTRARS } from './commands/index.js';
import { takeExitCode } from './runner.js';
import { ktxVersion } from './version.js';

export function buildProgram(): Command {
  const program = new Command('ktx');
  program
    .description(
      'Context for data agents: scan warehouses, build a semantic layer and wiki, serve agents over MCP.',
    )
    .usage('<command> [options]')
    .option(
      '--project-dir <path>',
      'project directory (default: KTX_PROJECT_DIR, then the nearest ktx.yaml upwards)',
    )
    .option('--json', 'print one JSON document on stdout (see README: JSON output)')
    .option('--debug', 'diagnostics on stderr')
    .addOption(new Option('--no-input', 'never prompt; fail with a clear message when input is needed'))
    .version(ktxVersion(), '-v, --version', 'print the ktx version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of COMMAND_REGISTRARS) register(program);
  return program;
}

function usageErrorJson(message: string): string {
  return `${JSON.stringify(
    {
      ok: false,
      command: '',
      error: { code: 'usage', message, hint: 'Run `ktx --help` for usage.' },
      warnings: [],
      meta: { ktxVersion: ktxVersion(), schemaVersion: 1 },
    },
    null,
    2,
  )}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  const wantsJson = argv.includes('--json');
  if (wantsJson) program.configureOutput({ outputError: () => {} });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code))
        return EXIT.ok;
      if (wantsJson) process.stdout.write(usageErrorJson(error.message.replace(/^error: /, '')));
      return EXIT.usage;
    }
    throw error;
  }
  return takeExitCode();
}
