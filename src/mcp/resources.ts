import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { KtxError } from '../core/errors.js';
import { semanticLayerDir } from '../project/layout.js';
import { semanticConnectionIds, sourceFiles } from '../semantic/files.js';
import { loadPage, readWikiPage, visiblePageFiles } from '../wiki/store.js';
import type { ProjectServices } from './services.js';

/**
 * MCP resources: every wiki page the configured user sees (`ktx://wiki/<key>`, Markdown with
 * its frontmatter) and every semantic source file (`ktx://semantic-layer/<connection>/<file>`,
 * YAML as written). Reads go through the same listings, so no URI reaches outside them.
 */

const WIKI_PREFIX = 'ktx://wiki/';
const SEMANTIC_PREFIX = 'ktx://semantic-layer/';

export const RESOURCE_TEMPLATES = [
  {
    uriTemplate: `${WIKI_PREFIX}{key}`,
    name: 'wiki-page',
    title: 'Wiki page',
    description: 'A business wiki page (Markdown with YAML frontmatter) by key.',
    mimeType: 'text/markdown',
  },
  {
    uriTemplate: `${SEMANTIC_PREFIX}{connection}/{file}`,
    name: 'semantic-source',
    title: 'Semantic source',
    description: 'A semantic-layer source file (YAML): grain, columns, measures, segments, joins.',
    mimeType: 'application/yaml',
  },
];

export interface ListedResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType: string;
}

function semanticFiles(projectDir: string): Array<{ connection: string; file: string; path: string }> {
  return semanticConnectionIds(projectDir).flatMap((connection) => {
    const dir = semanticLayerDir(projectDir, connection);
    return sourceFiles(dir).map((path) => ({
      connection,
      file: relative(dir, path).split(/[\\/]/).join('/'),
      path,
    }));
  });
}

export async function listResources(services: ProjectServices): Promise<ListedResource[]> {
  const userId = await services.userId();
  const pages = visiblePageFiles(services.projectDir, userId).map((file): ListedResource => {
    const page = loadPage(file);
    return {
      uri: `${WIKI_PREFIX}${page.key}`,
      name: `wiki/${page.key}`,
      title: page.title,
      ...(page.summary ? { description: page.summary } : {}),
      mimeType: 'text/markdown',
    };
  });
  const sources = semanticFiles(services.projectDir).map(
    ({ connection, file }): ListedResource => ({
      uri: `${SEMANTIC_PREFIX}${connection}/${file.split('/').map(encodeURIComponent).join('/')}`,
      name: `semantic-layer/${connection}/${file}`,
      description: `Semantic source file ${file} of connection ${connection}.`,
      mimeType: 'application/yaml',
    }),
  );
  return [...pages, ...sources];
}

export async function readResource(
  services: ProjectServices,
  uri: string,
): Promise<{ uri: string; mimeType: string; text: string }> {
  if (uri.startsWith(WIKI_PREFIX)) {
    const key = decodeURIComponent(uri.slice(WIKI_PREFIX.length));
    const page = readWikiPage(services.projectDir, key, await services.userId());
    return { uri, mimeType: 'text/markdown', text: page.text };
  }
  if (uri.startsWith(SEMANTIC_PREFIX)) {
    const rest = uri.slice(SEMANTIC_PREFIX.length);
    const slash = rest.indexOf('/');
    const connection = decodeURIComponent(rest.slice(0, slash));
    const file = rest
      .slice(slash + 1)
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    // Only files the listing would show: no `..`, no reserved folders, nothing outside the layer.
    const match = semanticFiles(services.projectDir).find(
      (entry) => entry.connection === connection && entry.file === file,
    );
    if (slash > 0 && match)
      return { uri, mimeType: 'application/yaml', text: readFileSync(match.path, 'utf8') };
    throw new KtxError('resource_not_found', `No semantic source file ${file} in connection ${connection}.`, {
      hint: 'List resources to see the available URIs.',
    });
  }
  throw new KtxError('resource_not_found', `Unknown resource URI ${uri}.`, {
    hint: `ktx resources start with ${WIKI_PREFIX} or ${SEMANTIC_PREFIX}.`,
  });
}
