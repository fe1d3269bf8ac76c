import { usageError } from './errors.js';

/** `--timeout <ms>` as given on the command line (`ktx sql`, `ktx sl query --execute`). */
export function parseTimeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1)
    throw usageError(`--timeout must be a positive number of milliseconds (got "${value}").`);
  return ms;
}
