import { KtxError } from '../../core/errors.js';
import type { ActiveBackend } from '../config.js';
import type { BackendFactory } from '../types.js';

/** Backend adapters by name, loaded only when used (each pulls in its SDK). */
export const BACKEND_LOADERS: Partial<Record<ActiveBackend, () => Promise<BackendFactory>>> = {
  anthropic: async () => (await import('./anthropic.js')).createBackend,
  vertex: async () => (await import('./vertex.js')).createBackend,
  gateway: async () => (await import('./gateway.js')).createBackend,
  'claude-code': async () => (await import('./claude-code.js')).createBackend,
  codex: async () => (await import('./codex.js')).createBackend,
};

export function availableBackends(): ActiveBackend[] {
  return Object.keys(BACKEND_LOADERS) as ActiveBackend[];
}

export async function loadBackendFactory(backend: ActiveBackend): Promise<BackendFactory> {
  const load = BACKEND_LOADERS[backend];
  if (!load) {
    throw new KtxError(
      'llm_backend_unavailable',
      `The ${backend} backend is not available in this ktx version.`,
      {
        hint: `Set llm.provider.backend to one of ${availableBackends().join(', ')} (\`ktx setup --llm-backend <backend>\`).`,
      },
    );
  }
  return load();
}
