/**
 * `npm run bench:relationships` (built and run by relationships.mjs): key detection with
 * declared constraints ignored, through the real SQLite connector (read-only session and SQL
 * gate, as `ktx scan --ignore-declared-constraints` runs it), on every shared dataset that has
 * an answer key, plus the generated demo warehouse and the synthetic fixtures in
 * test/fixtures/relationships/. Prints PK recall, FK precision and recall (accepted only), FK
 * recall counting review too, and wall time (connecting included).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { connectorFor } from '../../src/connectors/registry.js';
import { scanWarehouse } from '../../src/scan/scan.js';
import type { RelationshipResult, ScanSnapshot } from '../../src/scan/types.js';
import { buildSyntheticFixtures } from '../../test/fixtures/relationships/build.js';
import { sharedDir } from '../../test/support/datasets.js';

interface AnswerKey {
  primaryKeys: Array<{ table: string; columns: string[] }>;
  foreignKeys: Array<{ table: string; columns: string[]; refTable: string; refColumns: string[] }>;
}

interface Row {
  name: string;
  pkFound: number;
  pkTotal: number;
  fkAccepted: number;
  fkAcceptedCorrect: number;
  fkReviewOrAcceptedCorrect: number;
  fkTotal: number;
  ms: number;
  misses: string[];
  falsePositives: string[];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((item) => b.includes(item));
const fkId = (table: string, columns: string[], refTable: string, refColumns: string[]) => {
  const pairs = columns.map((column, index) => `${column}=${refColumns[index]}`).sort();
  return `${table}(${pairs.join(',')})→${refTable}`;
};
const relId = (r: RelationshipResult) => fkId(r.from.table, r.from.columns, r.to.table, r.to.columns);

function evaluate(name: string, snapshot: ScanSnapshot, answer: AnswerKey, ms: number): Row {
  let pkFound = 0;
  const misses: string[] = [];
  for (const pk of answer.primaryKeys) {
    const found = snapshot.keys.primaryKeys.find((candidate) => candidate.table === pk.table);
    if (found && sameSet(found.columns, pk.columns)) pkFound++;
    else
      misses.push(`PK ${pk.table}(${pk.columns.join(',')}) got ${found ? found.columns.join(',') : 'none'}`);
  }
  const expected = new Set(
    answer.foreignKeys.map((fk) => fkId(fk.table, fk.columns, fk.refTable, fk.refColumns)),
  );
  const accepted = snapshot.keys.relationships.filter((r) => r.status === 'accepted');
  const review = snapshot.keys.relationships.filter((r) => r.status === 'review');
  const acceptedIds = new Set(accepted.map(relId));
  const anyIds = new Set([...acceptedIds, ...review.map(relId)]);
  const falsePositives = accepted
    .filter((r) => !expected.has(relId(r)))
    .map((r) => `FP ${relId(r)} ${JSON.stringify(r.evidence)}`);
  for (const id of expected)
    if (!acceptedIds.has(id)) misses.push(`FK ${id}${anyIds.has(id) ? ' (in review)' : ''}`);
  return {
    name,
    pkFound,
    pkTotal: answer.primaryKeys.length,
    fkAccepted: accepted.length,
    fkAcceptedCorrect: accepted.filter((r) => expected.has(relId(r))).length,
    fkReviewOrAcceptedCorrect: [...expected].filter((id) => anyIds.has(id)).length,
    fkTotal: expected.size,
    ms,
    misses,
    falsePositives,
  };
}

async function runOne(name: string, file: string, answer: AnswerKey): Promise<Row> {
  const started = performance.now();
  const connector = await connectorFor(name, { driver: 'sqlite', path: file }, dirname(file));
  const run = await scanWarehouse(connector, {
    connectionId: name,
    driver: 'sqlite',
    ignoreDeclaredConstraints: true,
  });
  const ms = performance.now() - started;
  await connector.close();
  return evaluate(name, run.snapshot, answer, ms);
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const fmt = (value: number) => value.toFixed(3);

function print(title: string, rows: Row[], verbose: boolean): Row {
  console.log(`\n${title}`);
  console.log(
    `${'dataset'.padEnd(34)} ${'PK rec'.padStart(7)} ${'FK prec'.padStart(8)} ${'FK rec'.padStart(7)} ${'FK rec+rev'.padStart(11)} ${'time'.padStart(8)}`,
  );
  const total: Row = {
    name: 'overall',
    pkFound: 0,
    pkTotal: 0,
    fkAccepted: 0,
    fkAcceptedCorrect: 0,
    fkReviewOrAcceptedCorrect: 0,
    fkTotal: 0,
    ms: 0,
    misses: [],
    falsePositives: [],
  };
  for (const row of [...rows, total]) {
    if (row !== total) {
      for (const key of [
        'pkFound',
        'pkTotal',
        'fkAccepted',
        'fkAcceptedCorrect',
        'fkReviewOrAcceptedCorrect',
        'fkTotal',
        'ms',
      ] as const) {
        total[key] += row[key];
      }
    }
    console.log(
      `${row.name.padEnd(34)} ${fmt(ratio(row.pkFound, row.pkTotal)).padStart(7)} ${fmt(ratio(row.fkAcceptedCorrect, row.fkAccepted)).padStart(8)} ${fmt(ratio(row.fkAcceptedCorrect, row.fkTotal)).padStart(7)} ${fmt(ratio(row.fkReviewOrAcceptedCorrect, row.fkTotal)).padStart(11)} ${`${(row.ms / 1000).toFixed(2)}s`.padStart(8)}`,
    );
    if (verbose && row !== total)
      for (const line of [...row.misses, ...row.falsePositives]) console.log(`    ${line}`);
  }
  return total;
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const datasets = join(sharedDir(), 'datasets');
  const rows: Row[] = [];
  for (const file of readdirSync(join(datasets, 'ground-truth'))
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const name = basename(file, '.json');
    const db = join(datasets, `${name}.sqlite`);
    if (!existsSync(db)) continue;
    const answer = JSON.parse(readFileSync(join(datasets, 'ground-truth', file), 'utf8')) as AnswerKey;
    rows.push(await runOne(name, db, answer));
  }
  const total = print('Shared datasets (declared constraints ignored)', rows, verbose);

  const synthetic: Row[] = [];
  for (const fixture of await buildSyntheticFixtures())
    synthetic.push(await runOne(fixture.name, fixture.file, fixture.answer));
  const syntheticTotal = print(
    'Demo warehouse and synthetic fixtures (test/fixtures/relationships)',
    synthetic,
    verbose,
  );

  const targets = [
    ['FK recall (accepted) >= 0.95', ratio(total.fkAcceptedCorrect, total.fkTotal) >= 0.95],
    ['FK precision >= 0.98', ratio(total.fkAcceptedCorrect, total.fkAccepted) >= 0.98],
    ['PK recall >= 0.97', ratio(total.pkFound, total.pkTotal) >= 0.97],
  ] as const;
  console.log('\nTargets on the shared datasets:');
  for (const [label, ok] of targets) console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${label}`);
  void syntheticTotal;
  if (targets.some(([, ok]) => !ok)) process.exitCode = 1;
}

await main();
