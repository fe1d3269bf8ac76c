import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KtxError } from '../../core/errors.js';
import { packageVersion } from '../../core/package-root.js';
import { readSignedJson, writeSignedJson } from '../../core/signed-cache.js';
import { projectPaths } from '../layout.js';
import type { KtxConfig } from './schema.js';
import type { ConfigIssue } from './validate.js';

export type { ConfigIssue } from './validate.js';

export interface LoadedConfig {
  projectDir: string;
  file: string;
  /** The raw ktx.yaml text (parse it with the `yaml` Document API to edit). */
  text: string;
  config: KtxConfig;
  warnings: ConfigIssue[];
}

interface CachedValidation {
  config: KtxConfig;
  warnings: ConfigIssue[];
}

/**
 * Validation is a pure function of the file text, so its result is cached under .ktx/cache
 * keyed by a hash of the text and the ktx version: an unchanged ktx.yaml never loads the YAML
 * parser or the schema library, which keeps every command's start-up short. Entries are signed
 * (core/signed-cache.ts) so a planted cache cannot substitute a different configuration.
 */
function cachePath(projectDir: string, text: string): string {
  const key = createHash('sha256')
    .update(packageVersion())
    .update('\0')
    .update(text)
    .digest('hex')
    .slice(0, 24);
  return join(projectPaths(projectDir).cache, 'config', `${key}.json`);
}

function readCache(path: string): CachedValidation | undefined {
  const parsed = readSignedJson<CachedValidation>(path, { purpose: 'config' });
  return parsed && typeof parsed.config === 'object' && Array.isArray(parsed.warnings) ? parsed : undefined;
}

function writeCache(path: string, value: CachedValidation): void {
  writeSignedJson(path, value, { purpose: 'config' });
}

/** Loads and validates `<projectDir>/ktx.yaml`. Unknown keys come back as warnings. */
export async function loadConfig(projectDir: string): Promise<LoadedConfig> {
  const file = projectPaths(projectDir).config;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new KtxError('no_project', `No ktx.yaml in ${projectDir}.`, {
        hint: 'Create a project with `ktx init <dir>`, or point at one with --project-dir.',
      });
    }
    throw new KtxError('config_unreadable', `Cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  const cache = cachePath(projectDir, text);
  const hit = readCache(cache);
  if (hit) return { projectDir, file, text, config: hit.config, warnings: hit.warnings };
  const { validateConfigText, invalidConfigError } = await import('./validate.js');
  const { config, issues } = validateConfigText(text);
  if (!config) throw invalidConfigError(issues);
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  writeCache(cache, { config, warnings });
  return { projectDir, file, text, config, warnings };
}
