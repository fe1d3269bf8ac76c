import type { Project } from '../project/project.js';
import { assertValidUserId, DEFAULT_USER_ID } from '../wiki/keys.js';
import { type IndexProgress, SearchIndex } from './search-index.js';

/**
 * Entry points for commands and the MCP server: open the project's index with its embeddings
 * configuration, and resolve whose wiki pages a caller sees.
 */

export interface ProjectIndexOptions {
  onProgress?: (event: IndexProgress) => void;
  /** Long-lived callers (the MCP server) may check files for changes less often than every search. */
  freshnessIntervalMs?: number;
}

export function openProjectIndex(project: Project, options: ProjectIndexOptions = {}): Promise<SearchIndex> {
  return SearchIndex.open({
    projectDir: project.dir,
    embeddings: project.config.embeddings,
    onProgress: options.onProgress,
    freshnessIntervalMs: options.freshnessIntervalMs,
  });
}

/** `--user-id`, else `agents.user_id` from ktx.yaml, else `local`. */
export function resolveUserId(project: Project, flag?: string): string {
  const userId = flag ?? project.config.agents.user_id ?? DEFAULT_USER_ID;
  assertValidUserId(userId);
  return userId;
}
