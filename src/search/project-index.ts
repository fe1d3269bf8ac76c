import type { Project } from '../project/project.js';
import { type IndexProgress, SearchIndex } from './search-index.js';

export { resolveUserId } from '../wiki/keys.js';

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
