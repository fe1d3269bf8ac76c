import { chmodSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { KtxError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { projectPaths } from './layout.js';

/**
 * Value references in ktx.yaml: `env:NAME`, `file:PATH`, or a literal. Resolution is lazy (only
 * the blocks a command uses are resolved) and every resolved secret is registered for redaction.
 */

export type ValueSource = 'env' | 'file' | 'literal';

export interface ResolvedValue {
  /** Undefined when the reference points at nothing (unset/empty env var). */
  value: string | undefined;
  source: ValueSource;
  /** The environment variable or file the value came from (never the value). */
  origin?: string;
}

export interface ResolveOptions {
  projectDir: string;
  /** Dotted ktx.yaml path, used in every error message. */
  configPath: string;
  /** Register the value for redaction (default true: any ref may hold a credential). */
  secret?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function parseRef(raw: string): { source: ValueSource; target: string } {
  if (raw.startsWith('env:')) return { source: 'env', target: raw.slice(4).trim() };
  if (raw.startsWith('file:')) return { source: 'file', target: raw.slice(5).trim() };
  return { source: 'literal', target: raw };
}

export function isRef(raw: string | undefined): boolean {
  return raw !== undefined && (raw.startsWith('env:') || raw.startsWith('file:'));
}

export function expandPath(target: string, projectDir: string): string {
  if (target === '~') return homedir();
  if (target.startsWith('~/')) return join(homedir(), target.slice(2));
  return isAbsolute(target) ? target : resolve(projectDir, target);
}

export function resolveValue(raw: string | undefined, options: ResolveOptions): ResolvedValue {
  if (raw === undefined) return { value: undefined, source: 'literal' };
  const { source, target } = parseRef(raw);
  const env = options.env ?? process.env;
  let value: string | undefined;
  if (source === 'env') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) {
      throw new KtxError(
        'invalid_ref',
        `${options.configPath}: "env:${target}" is not a valid environment variable name.`,
        {
          hint: 'Use env:NAME with letters, digits and underscores.',
        },
      );
    }
    const found = env[target]?.trim();
    value = found ? found : undefined;
  } else if (source === 'file') {
    if (!target) {
      throw new KtxError('invalid_ref', `${options.configPath}: "file:" needs a path.`, {
        hint: 'Use file:PATH (relative to the project directory, or absolute, or ~/…).',
      });
    }
    const path = expandPath(target, options.projectDir);
    try {
      const content = readFileSync(path, 'utf8').trim();
      value = content ? content : undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      const why =
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EACCES'
            ? 'is not readable'
            : `cannot be read (${code})`;
      throw new KtxError('secret_file_unreadable', `${options.configPath}: the file ${path} ${why}.`, {
        hint: `Create ${path} containing the value, or change ${options.configPath} in ktx.yaml.`,
      });
    }
  } else {
    const trimmed = target.trim();
    value = trimmed ? trimmed : undefined;
  }
  if (value !== undefined && options.secret !== false) registerSecret(value);
  return { value, source, origin: source === 'literal' ? undefined : target };
}

/** Like resolveValue, but a reference that resolves to nothing is an error naming the fix. */
export function requireValue(raw: string | undefined, options: ResolveOptions): string {
  if (raw === undefined) {
    throw new KtxError('config_missing_value', `${options.configPath} is not set in ktx.yaml.`, {
      hint: `Set ${options.configPath} (a literal, env:NAME or file:PATH).`,
    });
  }
  const resolved = resolveValue(raw, options);
  if (resolved.value === undefined) {
    const hint =
      resolved.source === 'env'
        ? `Export ${resolved.origin} in the environment ktx runs in, or change ${options.configPath}.`
        : resolved.source === 'file'
          ? `Put the value in ${resolved.origin}.`
          : `Set ${options.configPath} to a non-empty value.`;
    const what =
      resolved.source === 'env' ? `environment variable ${resolved.origin} is not set` : 'it is empty';
    throw new KtxError('secret_missing', `${options.configPath} resolves to nothing: ${what}.`, { hint });
  }
  return resolved.value;
}

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Stores a pasted secret under .ktx/secrets/<name> (0600) and returns the `file:` reference to
 * write into ktx.yaml instead of the value.
 */
export function storeSecret(projectDir: string, name: string, value: string): string {
  if (!SECRET_NAME.test(name)) throw new Error(`invalid secret name: ${name}`);
  const path = join(projectPaths(projectDir).secrets, name);
  registerSecret(value);
  writeFileAtomic(path, `${value.trim()}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return `file:.ktx/secrets/${name}`;
}
