#!/usr/bin/env node
// Fast path: `ktx --version` answers without loading the CLI framework.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
process.on('SIGINT', () => process.exit(130));
// `ktx sql` (and `ktx sl query --execute`) on SQLite waits for a worker thread to boot; start
// one now, in parallel with loading the CLI. Harmless (unref'd, unused) when the connection turns
// out not to be SQLite. The command is the first argument that is neither a global flag nor the
// value of --project-dir: `ktx sl query --format sql` must not pay for a worker it never uses.
const command = argv.find((arg, i) => !arg.startsWith('-') && argv[i - 1] !== '--project-dir');
const runsSql = command === 'sql' || (command === 'sl' && argv.includes('--execute'));
if (runsSql && !argv.includes('--help') && !argv.includes('-h')) {
  try {
    (await import('../dist/connectors/sqlite-spawn.js')).prespawnSqliteWorker();
  } catch {
    // the connector starts its own worker
  }
}
const { main } = await import('../dist/cli/main.js');
const code = await main(argv);
// On a pipe, large outputs (`ktx sql` rows) are still queued when main() returns; exiting
// before they are flushed would cut them off. A write callback fires once everything before it is out.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))),
);
process.exit(code);
