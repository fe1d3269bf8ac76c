import { packageVersion } from '../core/package-root.js';

let cached: string | undefined;

/** ktx's own version (from its package.json). */
export function ktxVersion(): string {
  cached ??= packageVersion();
  return cached;
}
