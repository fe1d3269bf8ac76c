import { loadVisiblePages, type WikiPage } from './store.js';

/**
 * Pages with `usage_mode: always`: knowledge every agent must have before it writes SQL (ground
 * rules, the test-account caveat). The MCP server puts them in its instructions; search does not
 * need to find them. Shadowing applies: a user's own page replaces the global one.
 */
export function listAlwaysPages(projectDir: string, userId: string): WikiPage[] {
  return loadVisiblePages(projectDir, userId).filter((page) => page.usageMode === 'always');
}
