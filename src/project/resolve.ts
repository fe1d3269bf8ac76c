import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KtxError } from '../core/errors.js';
import { CONFIG_FILE } from './layout.js';

export type ProjectDirSource = 'flag' | 'env' | 'ancestor' | 'cwd';

export interface ResolvedProjectDir {
  dir: string;
  source: ProjectDirSource;
  /** Whether `<dir>/ktx.yaml` exists. */
  hasConfig: boolean;
}

export interface ResolveProjectOptions {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `--project-dir` > `KTX_PROJECT_DIR` > nearest ancestor with ktx.yaml > current directory. */
export function resolveProjectDir(options: ResolveProjectOptions = {}): ResolvedProjectDir {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  if (options.flag !== undefined) {
    if (!options.flag.trim()) throw new KtxError('usage', '--project-dir needs a path.', { exitCode: 64 });
    const dir = resolve(cwd, options.flag);
    return { dir, source: 'flag', hasConfig: existsSync(join(dir, CONFIG_FILE)) };
  }
  const fromEnv = env.KTX_PROJECT_DIR;
  if (fromEnv !== undefined) {
    if (!fromEnv.trim()) {
      throw new KtxError('usage', 'KTX_PROJECT_DIR is set but empty.', {
        hint: 'Unset it or set it to a project directory.',
        exitCode: 64,
      });
    }
    const dir = resolve(cwd, fromEnv);
    return { dir, source: 'env', hasConfig: existsSync(join(dir, CONFIG_FILE)) };
  }
  let current = resolve(cwd);
  for (;;) {
    const candidate = join(current, CONFIG_FILE);
    if (existsSync(candidate) && statSync(candidate).isFile())
      return { dir: current, source: 'ancestor', hasConfig: true };
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return { dir: resolve(cwd), source: 'cwd', hasConfig: false };
}

/** Resolves the project and fails, with the way out, when there is none. */
export function requireProjectDir(options: ResolveProjectOptions = {}): ResolvedProjectDir {
  const resolved = resolveProjectDir(options);
  if (!resolved.hasConfig) {
    const where =
      resolved.source === 'flag'
        ? `--project-dir ${resolved.dir}`
        : resolved.source === 'env'
          ? `KTX_PROJECT_DIR (${resolved.dir})`
          : `${resolved.dir} or any parent directory`;
    throw new KtxError('no_project', `No ktx project found: no ktx.yaml in ${where}.`, {
      hint: 'Create one with `ktx init <dir>` (or `ktx demo` to try ktx), or point at one with --project-dir.',
      details: { projectDir: resolved.dir, source: resolved.source },
    });
  }
  return resolved;
}
