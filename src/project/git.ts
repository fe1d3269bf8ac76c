import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KtxError } from '../core/errors.js';

/**
 * The project's own git repository. ktx owns it: it is created by `ktx init`, marked with
 * `ktx.managed=true` in its local config, and ktx never commits anywhere else (in particular
 * never to a parent repository the project happens to live in).
 */

export type RepoKind = 'none' | 'ktx' | 'foreign';

const KTX_IDENTITY = { name: 'ktx', email: 'ktx@localhost' };

function git(
  dir: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean } = {},
): string {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
    }).trim();
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (err.code === 'ENOENT') {
      throw new KtxError('git_missing', 'git is not installed or not on PATH.', {
        hint: 'Install git (e.g. apt-get install git); ktx keeps context in a git repository.',
      });
    }
    if (options.allowFailure) return '';
    throw new KtxError(
      'git_failed',
      `git ${args[0]} failed in ${dir}: ${String(err.stderr ?? err.message).trim()}`,
    );
  }
}

/** Reads `ktx.managed` from .git/config directly: classification runs on hot paths (status). */
function markedAsKtx(dotGit: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(dotGit, 'config'), 'utf8');
  } catch {
    return false;
  }
  let inKtx = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[([^\]\s"]+)\]$/.exec(line);
    if (section) {
      inKtx = section[1]!.toLowerCase() === 'ktx';
      continue;
    }
    if (line.startsWith('[')) inKtx = false;
    else if (inKtx && /^managed\s*=\s*true$/i.test(line)) return true;
  }
  return false;
}

export function classifyRepo(dir: string): RepoKind {
  const dotGit = join(dir, '.git');
  if (!existsSync(dotGit)) return 'none';
  // A `.git` file means a worktree or submodule of some other repository.
  if (!statSync(dotGit).isDirectory()) return 'foreign';
  return markedAsKtx(dotGit) ? 'ktx' : 'foreign';
}

function readHead(dotGit: string): string | null {
  try {
    const head = readFileSync(join(dotGit, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    try {
      return readFileSync(join(dotGit, ref), 'utf8').trim() || null;
    } catch {
      const packed = readFileSync(join(dotGit, 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((entry) => entry.endsWith(` ${ref}`));
      return line ? line.slice(0, 40) : null;
    }
  } catch {
    return null;
  }
}

export function initRepo(dir: string): void {
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['config', '--local', 'ktx.managed', 'true']);
}

function authorIdentity(dir: string): { name: string; email: string } {
  const name = git(dir, ['config', 'user.name'], { allowFailure: true });
  const email = git(dir, ['config', 'user.email'], { allowFailure: true });
  return name && email ? { name, email } : KTX_IDENTITY;
}

/** Fails unless `dir` is the root of a ktx-managed repository. */
export function assertOwnRepo(dir: string): void {
  const kind = classifyRepo(dir);
  if (kind === 'none') {
    throw new KtxError('git_missing_repo', `${dir} has no git repository, so ktx cannot record changes.`, {
      hint: 'Run `ktx init` in the project directory to create it.',
    });
  }
  if (kind === 'foreign') {
    throw new KtxError('git_foreign_repo', `${dir} is a git repository that ktx did not create.`, {
      hint: 'Keep the ktx project in a dedicated folder, e.g. `ktx init analytics`.',
    });
  }
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (realpathSync(top) !== realpathSync(dir)) {
    throw new KtxError(
      'git_foreign_repo',
      `The repository at ${dir} resolves to ${top}; refusing to commit there.`,
    );
  }
}

export interface CommitOptions {
  /** Paths (relative to the project) to stage; default: everything. */
  paths?: string[];
  allowEmpty?: boolean;
}

/** Stages and commits; returns the new commit sha, or null when there was nothing to commit. */
export function commit(dir: string, message: string, options: CommitOptions = {}): string | null {
  assertOwnRepo(dir);
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  git(dir, ['add', '--all', '--', ...paths]);
  const staged = git(dir, ['diff', '--cached', '--name-only']);
  if (!staged && !options.allowEmpty) return null;
  const author = authorIdentity(dir);
  git(
    dir,
    [
      '-c',
      'commit.gpgsign=false',
      'commit',
      '--quiet',
      '--no-verify',
      ...(options.allowEmpty ? ['--allow-empty'] : []),
      '-m',
      message,
    ],
    {
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: KTX_IDENTITY.name,
        GIT_COMMITTER_EMAIL: KTX_IDENTITY.email,
      },
    },
  );
  return git(dir, ['rev-parse', 'HEAD']);
}

export interface RepoState {
  kind: RepoKind;
  head: string | null;
  dirtyFiles: number;
}

export function repoState(dir: string): RepoState {
  const kind = classifyRepo(dir);
  if (kind !== 'ktx') return { kind, head: null, dirtyFiles: 0 };
  const head = readHead(join(dir, '.git'));
  const status = git(dir, ['status', '--porcelain'], { allowFailure: true });
  return { kind, head, dirtyFiles: status ? status.split('\n').length : 0 };
}
