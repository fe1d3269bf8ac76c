import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateAccountFeatures, generateEvents, generateTickets } from './generate-activity.js';
import { generateBilling, generateExchangeRates } from './generate-billing.js';
import {
  type Emit,
  generateAccounts,
  generateEmployees,
  generatePlansAndFeatures,
  generateUsers,
} from './generate-org.js';
import { Random } from './prng.js';
import { DEMO_TABLES, sqliteDdl } from './schema.js';

/**
 * Writes the canonical demo warehouse: a SQLite file, byte-for-byte identical for the same
 * generator version and seed (same SQLite library). Generation streams rows into prepared
 * statements inside one transaction, so memory stays small and it takes a few seconds.
 *
 * Bump DEMO_GENERATOR_VERSION whenever the output changes: caches (tests, `ktx demo`) key on it.
 */

export const DEMO_GENERATOR_VERSION = 1;
export const DEMO_SEED = 20_250_630;

export interface GeneratedWarehouse {
  file: string;
  rowCounts: Record<string, number>;
  bytes: number;
  durationMs: number;
}

type Database = import('better-sqlite3').Database;

export async function generateDemoWarehouse(
  file: string,
  options: { seed?: number } = {},
): Promise<GeneratedWarehouse> {
  const started = performance.now();
  const { default: Sqlite } = await import('better-sqlite3');
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${process.pid}-${Date.now().toString(36)}.demo.tmp`);
  rmSync(temp, { force: true });
  const db: Database = new Sqlite(temp);
  const rowCounts: Record<string, number> = {};
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('page_size = 4096');
    // Rows are emitted in generation order (line items before their invoice); the keys are
    // checked once everything is written.
    db.pragma('foreign_keys = OFF');
    for (const table of DEMO_TABLES) db.exec(sqliteDdl(table));
    const statements = new Map(
      DEMO_TABLES.map((table) => [
        table.name,
        db.prepare(`INSERT INTO "${table.name}" VALUES (${table.columns.map(() => '?').join(', ')})`),
      ]),
    );
    const emit: Emit = (table, row) => {
      statements.get(table)!.run(row);
      rowCounts[table] = (rowCounts[table] ?? 0) + 1;
    };
    db.transaction(() => populate(new Random(options.seed ?? DEMO_SEED), emit))();
    const violations = db.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0)
      throw new Error(`demo generator bug: ${violations.length} foreign key violations`);
    // Rows of different tables were interleaved while generating; VACUUM lays each table out
    // contiguously (smaller, faster file) and is itself deterministic.
    db.exec('VACUUM');
  } catch (error) {
    db.close();
    rmSync(temp, { force: true });
    throw error;
  }
  db.close();
  renameSync(temp, file);
  return { file, rowCounts, bytes: statSync(file).size, durationMs: Math.round(performance.now() - started) };
}

function populate(random: Random, emit: Emit): void {
  generatePlansAndFeatures(emit);
  const rates = generateExchangeRates(random.fork('exchange_rates'), emit);
  const employees = generateEmployees(random.fork('employees'), emit);
  const accounts = generateAccounts(random.fork('accounts'), emit, employees);
  const users = generateUsers(random.fork('users'), emit, accounts);
  generateBilling(random.fork('billing'), emit, accounts, rates);
  generateEvents(random.fork('events'), emit, accounts, users);
  generateTickets(random.fork('tickets'), emit, accounts, users, employees);
  generateAccountFeatures(random.fork('account_features'), emit, accounts);
}

/** sha256 of a file, hex (to check reproducibility and to key caches). */
export function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
