import { KtxError } from '../core/errors.js';
import { commit } from './git.js';

interface Warner {
  warn(warning: { code: string; message: string; fix?: string }): void;
}

/**
 * Commits project changes when the project has its own repository; otherwise warns and goes on
 * (the files are already written). Never commits to a repository ktx does not own.
 */
export function commitIfOwned(
  projectDir: string,
  message: string,
  paths: string[] | undefined,
  warner: Warner,
): string | null {
  try {
    return commit(projectDir, message, { paths });
  } catch (error) {
    if (KtxError.is(error) && error.code.startsWith('git_')) {
      warner.warn({
        code: 'not_committed',
        message: `changes saved but not committed: ${error.message}`,
        fix: error.hint,
      });
      return null;
    }
    throw error;
  }
}
