import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './cli.js';

/**
 * The shared public datasets (Chinook, Northwind, Sakila, AdventureWorksLT, jaffle-shop) live
 * next to the repository in `../shared/datasets`. Override with KTX_SHARED_DIR.
 */
export function sharedDir(): string {
  const candidates = [process.env.KTX_SHARED_DIR, resolve(REPO_ROOT, '..', 'shared'), '/work/shared'].filter(
    (dir): dir is string => Boolean(dir),
  );
  const found = candidates.find((dir) => existsSync(join(dir, 'datasets')));
  if (!found) {
    throw new Error(`shared datasets not found (looked in ${candidates.join(', ')}); set KTX_SHARED_DIR`);
  }
  return found;
}

export function datasetPath(file: string): string {
  return join(sharedDir(), 'datasets', file);
}

export const DATASETS = ['chinook', 'northwind', 'sakila', 'adventureworkslt', 'jaffle_shop'] as const;
