import { describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../types.js';
import type { SourceFiles } from './build.js';
import { descriptionEnricher } from './describe.js';
import type { GeneratedSource } from './generate.js';

/** The generated side's descriptions without an LLM: what is carried over, and what is left to people. */

function source(): GeneratedSource {
  return {
    tableKey: 'plans',
    fileName: 'plans.yaml',
    physicalColumns: ['plan_code', 'tier', 'Monthly Price'],
    noKey: false,
    spec: {
      name: 'plans',
      table: 'plans',
      grain: ['plan_code'],
      columns: [
        { name: 'plan_code', type: 'string', description: 'Declared comment from the database.' },
        { name: 'tier', type: 'string' },
        { name: 'Monthly_Price', type: 'number', expr: '"Monthly Price"' },
      ],
    },
  } as GeneratedSource;
}

const snapshot = {
  overview: { connection: 'wh' },
  tables: [{ key: 'plans', name: 'plans', schema: null, columns: [] }],
  keys: { primaryKeys: [], relationships: [] },
} as unknown as ScanSnapshot;

const base = {
  name: 'plans',
  description: 'One row per plan (LLM).',
  columns: [
    { name: 'plan_code', description: 'Declared comment from the database.' },
    { name: 'tier', description: 'Tier (LLM).' },
    { name: 'Monthly_Price', description: 'Price per month (LLM).' },
  ],
};

async function run(files: SourceFiles): Promise<GeneratedSource['spec']> {
  const { enrich } = descriptionEnricher({ projectDir: '/nonexistent' });
  const [out] = await enrich([source()], snapshot, new Map([['plans.yaml', files]]));
  return out!.spec;
}

describe('descriptions without an LLM', () => {
  it('carries the previous generated descriptions over, so nothing is deleted from people’s files', async () => {
    const spec = await run({ ours: structuredClone(base), base });
    expect(spec.description).toBe('One row per plan (LLM).');
    expect(spec.columns.map((c) => c.description)).toEqual([
      'Declared comment from the database.',
      'Tier (LLM).',
      'Price per month (LLM).',
    ]);
  });

  it('keeps the generated value where a person edited or deleted theirs (the merge keeps theirs, no conflict)', async () => {
    const ours = structuredClone(base);
    ours.description = 'Price list, curated.';
    delete (ours.columns[1] as { description?: string }).description;
    const spec = await run({ ours, base });
    expect(spec.description).toBe('One row per plan (LLM).');
    expect(spec.columns[1]!.description).toBe('Tier (LLM).');
  });

  it('a declared database comment always wins; a first generation has nothing to carry', async () => {
    const spec = await run({});
    expect(spec.description).toBeUndefined();
    expect(spec.columns.map((c) => c.description)).toEqual([
      'Declared comment from the database.',
      undefined,
      undefined,
    ]);
  });
});
