import { z } from 'zod';
import { AGENT_TARGETS } from '../../agents/target-names.js';
import { CONNECTION_ID_PATTERN, connectionSchema } from '../../connectors/config.js';
import { LLM_BACKENDS } from './llm-names.js';

/**
 * The whole ktx.yaml, every top-level block the product has. Objects are strict so unknown
 * keys can be reported (as warnings: the loader strips them and keeps going).
 */

export const SUPPORTED_CONFIG_VERSION = 1;

const secretRef = z.string().min(1);

export { LLM_BACKENDS, LLM_ROLES, type LlmBackendName, type LlmRole } from './llm-names.js';

const cacheTtl = z.enum(['5m', '1h']);

const apiProviderBlock = z.strictObject({
  api_key: secretRef
    .optional()
    .describe('API key reference; without it the provider environment variable is used.'),
  base_url: secretRef.optional().describe('Override the API endpoint.'),
});

export const llmSchema = z.strictObject({
  provider: z
    .strictObject({
      backend: z.enum(LLM_BACKENDS).default('none'),
      anthropic: apiProviderBlock.optional(),
      gateway: apiProviderBlock.optional(),
      vertex: z
        .strictObject({
          project: secretRef.optional().describe('Google Cloud project id.'),
          location: secretRef.optional().describe('Vertex AI region, e.g. us-east5.'),
          base_url: secretRef
            .optional()
            .describe('Override the endpoint up to /models (private endpoints, proxies).'),
        })
        .optional(),
    })
    .prefault({}),
  models: z
    .strictObject({
      default: secretRef.optional(),
      triage: secretRef.optional(),
      candidateExtraction: secretRef.optional(),
      curator: secretRef.optional(),
      reconcile: secretRef.optional(),
      repair: secretRef.optional(),
    })
    .prefault({}),
  promptCaching: z
    .strictObject({
      enabled: z.boolean().optional(),
      systemTtl: cacheTtl.optional(),
      toolsTtl: cacheTtl.optional(),
      historyTtl: cacheTtl.optional(),
      vertexFallbackTo5m: z.boolean().optional(),
    })
    .optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(20).optional(),
      baseDelayMs: z.number().int().min(0).optional(),
      maxDelayMs: z.number().int().min(0).optional(),
    })
    .optional(),
  maxConcurrency: z.number().int().min(1).max(64).optional(),
  requestTimeoutMs: z.number().int().min(1000).optional(),
});

export const EMBEDDING_BACKENDS = ['none', 'openai', 'local'] as const;

export const embeddingsSchema = z.strictObject({
  backend: z.enum(EMBEDDING_BACKENDS).default('none'),
  model: secretRef.optional().describe('Model id (openai) or model name/id (local).'),
  dimensions: z.number().int().positive().optional(),
  base_url: secretRef.optional().describe('OpenAI-compatible endpoint.'),
  api_key: secretRef.optional(),
  path: z.string().min(1).optional().describe('Local model directory (works fully offline).'),
  cache_dir: z.string().min(1).optional(),
  batch_size: z.number().int().min(1).max(2048).optional(),
});

export const scanSchema = z.strictObject({
  sample_rows: z
    .number()
    .int()
    .min(100)
    .max(10_000_000)
    .optional()
    .describe('Rows sampled per table for profiling.'),
  top_values: z.number().int().min(0).max(100).optional(),
  mask_pii: z.boolean().optional(),
  ignore_declared_constraints: z.boolean().optional(),
  concurrency: z.number().int().min(1).max(16).optional(),
  relationships: z
    .strictObject({
      accept_threshold: z.number().min(0).max(1).optional(),
      review_threshold: z.number().min(0).max(1).optional(),
    })
    .optional(),
});

export const ingestSchema = z.strictObject({
  commit: z.boolean().optional().describe('Commit ingest results to the project repository (default true).'),
  descriptions: z
    .enum(['auto', 'off'])
    .optional()
    .describe('LLM table/column descriptions when an LLM is set.'),
  batch_size: z.number().int().min(1).max(200).optional(),
});

export { AGENT_TARGETS, type AgentTarget } from '../../agents/target-names.js';

export const agentsSchema = z.strictObject({
  targets: z.array(z.enum(AGENT_TARGETS)).optional(),
  user_id: z.string().min(1).optional().describe('Whose wiki/user pages agents see.'),
});

export const mcpSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  token: secretRef.optional().describe('Bearer token reference, required for non-loopback binds.'),
  allowed_hosts: z.array(z.string().min(1)).optional(),
  allowed_origins: z.array(z.string().min(1)).optional(),
  max_body_bytes: z.number().int().min(1024).optional(),
});

export const projectSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  default_connection: z.string().min(1).optional(),
});

export const configSchema = z.strictObject({
  version: z.number().int().min(1),
  project: projectSchema.prefault({}),
  connections: z
    .record(
      z.string().regex(CONNECTION_ID_PATTERN, 'connection ids use letters, digits, `_` and `-`'),
      connectionSchema,
    )
    .prefault({}),
  llm: llmSchema.prefault({}),
  embeddings: embeddingsSchema.prefault({}),
  scan: scanSchema.prefault({}),
  ingest: ingestSchema.prefault({}),
  agents: agentsSchema.prefault({}),
  mcp: mcpSchema.prefault({}),
});

export type KtxConfig = z.output<typeof configSchema>;
export type LlmConfig = KtxConfig['llm'];
export type EmbeddingsConfig = KtxConfig['embeddings'];
export type McpConfig = KtxConfig['mcp'];
