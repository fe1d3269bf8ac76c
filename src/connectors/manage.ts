import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, isMap } from 'yaml';
import { EXIT, KtxError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { didYouMean } from '../core/text.js';
import { editConfig } from '../project/config/edit.js';
import type { Project } from '../project/project.js';
import { isRef, storeSecret } from '../project/secrets.js';
import {
  CONNECTION_ID_PATTERN,
  type ConnectionConfig,
  connectionSchema,
  SUPPORTED_DRIVERS,
} from './config.js';

/**
 * `ktx connection add/remove`: builds a connection block from flags, refuses anything that would
 * put a credential in ktx.yaml in clear, validates it, and writes it through editConfig.
 */

export interface AddConnectionOptions {
  driver?: string;
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  passwordEnv?: string;
  passwordFile?: string;
  /** The password read from stdin (`--password-stdin`), stored as a 0600 secret file. */
  passwordFromStdin?: string;
  url?: string;
  urlEnv?: string;
  schema?: string[];
  path?: string;
  ssl?: string | boolean;
  description?: string;
  force?: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function usage(message: string, hint?: string): KtxError {
  return new KtxError('usage', message, { hint, exitCode: EXIT.usage });
}

export function checkConnectionId(id: string): void {
  if (!CONNECTION_ID_PATTERN.test(id)) {
    throw usage(
      `"${id}" is not a valid connection id.`,
      'Use letters, digits, `_` and `-` (starting with a letter or digit), e.g. `wh` or `prod-warehouse`.',
    );
  }
}

/**
 * A credential the user handed over (a pasted URL with a password, `--password-stdin`). It is
 * written to `.ktx/secrets/<name>` (0600) only once the connection has been validated, and
 * ktx.yaml gets the `file:` reference.
 */
export interface PendingSecret {
  field: 'password' | 'url';
  name: string;
  value: string;
}

export interface ConnectionDraft {
  block: ConnectionConfig;
  secrets: PendingSecret[];
}

/** A URL with an embedded password becomes a secret file; otherwise it may stay literal. */
function urlReference(id: string, url: string, secrets: PendingSecret[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(
      `--url "${url.replace(/:[^:@/]*@/, ':[redacted]@')}" is not a valid URL.`,
      'Example: postgres://analyst@db.internal:5432/shop',
    );
  }
  if (!parsed.password) return url;
  registerSecret(decodeURIComponent(parsed.password));
  secrets.push({ field: 'url', name: `${id}-url`, value: url });
  return `file:.ktx/secrets/${id}-url`;
}

export function buildConnectionBlock(id: string, options: AddConnectionOptions): ConnectionDraft {
  const secrets: PendingSecret[] = [];
  const driver = options.driver;
  if (!driver) throw usage('--driver is required.', `Choose one of: ${SUPPORTED_DRIVERS.join(', ')}.`);
  if (!(SUPPORTED_DRIVERS as readonly string[]).includes(driver)) {
    throw usage(
      `Unknown driver "${driver}".${didYouMean(driver, SUPPORTED_DRIVERS)}`,
      `Supported drivers: ${SUPPORTED_DRIVERS.join(', ')}.`,
    );
  }
  const block: Record<string, unknown> = { driver };
  if (driver === 'sqlite' || driver === 'duckdb') {
    if (!options.path)
      throw usage(
        `--path is required for ${driver}.`,
        `Example: ktx connection add ${id} --driver ${driver} --path ./shop.${driver === 'sqlite' ? 'db' : 'duckdb'}`,
      );
    const serverOnly = [
      'host',
      'port',
      'database',
      'user',
      'passwordEnv',
      'passwordFile',
      'passwordFromStdin',
      'url',
      'urlEnv',
      'ssl',
    ] as const;
    const stray = serverOnly.filter((key) => options[key] !== undefined);
    if (stray.length)
      throw usage(
        `--${stray[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} does not apply to ${driver} (a local file).`,
      );
    block.path = options.path;
  } else {
    const passwordSources = [options.passwordEnv, options.passwordFile, options.passwordFromStdin].filter(
      (v) => v !== undefined,
    );
    if (passwordSources.length > 1)
      throw usage('Give the password one way: --password-env, --password-file or --password-stdin.');
    if (options.url && options.urlEnv) throw usage('Give either --url or --url-env, not both.');
    if (options.url) block.url = urlReference(id, options.url, secrets);
    if (options.urlEnv) {
      if (!ENV_NAME.test(options.urlEnv))
        throw usage(`--url-env "${options.urlEnv}" is not an environment variable name.`);
      block.url = `env:${options.urlEnv}`;
    }
    if (options.host) block.host = options.host;
    if (options.port !== undefined) {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw usage(`--port must be a number from 1 to 65535 (got "${options.port}").`);
      block.port = port;
    }
    if (options.database) block.database = options.database;
    if (options.user) block.user = options.user;
    if (options.passwordEnv) {
      if (!ENV_NAME.test(options.passwordEnv)) {
        throw usage(
          `--password-env takes the NAME of an environment variable (got "${options.passwordEnv}").`,
          'Example: --password-env PGPASSWORD',
        );
      }
      block.password = `env:${options.passwordEnv}`;
    }
    if (options.passwordFile) block.password = `file:${options.passwordFile}`;
    if (options.passwordFromStdin !== undefined) {
      if (!options.passwordFromStdin.trim()) throw usage('--password-stdin read an empty password.');
      registerSecret(options.passwordFromStdin);
      secrets.push({ field: 'password', name: `${id}-password`, value: options.passwordFromStdin.trim() });
      block.password = `file:.ktx/secrets/${id}-password`;
    }
    if (!block.url && !block.host)
      throw usage(`${driver} needs --host (with --database, --user…) or --url/--url-env.`);
    if (options.schema?.length) block.schemas = options.schema;
    if (options.ssl !== undefined)
      block.ssl = options.ssl === true || options.ssl === 'true' ? true : options.ssl;
  }
  if (options.description) block.description = options.description;
  const parsed = connectionSchema.safeParse(block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw usage(`Invalid connection "${id}": ${issue.path.join('.') || 'block'}: ${issue.message}`);
  }
  // Defence in depth: whatever reaches ktx.yaml for a credential is a reference.
  if (typeof block.password === 'string' && !isRef(block.password)) throw new Error('bug: literal password');
  return { block: parsed.data, secrets };
}

/**
 * The draft as it can be tested before anything is written: pending secrets are passed through
 * environment variables instead of the files that do not exist yet.
 */
export function testableDraft(draft: ConnectionDraft): { block: ConnectionConfig; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const block: Record<string, unknown> = { ...draft.block };
  for (const secret of draft.secrets) {
    const name = `KTX_PENDING_${secret.field.toUpperCase()}`;
    env[name] = secret.value;
    block[secret.field] = `env:${name}`;
  }
  return { block: block as ConnectionConfig, env };
}

/** Writes the pending secrets, then the block; if the config edit fails, the new secret files go too. */
export async function addConnection(
  project: Project,
  id: string,
  draft: ConnectionDraft,
  force = false,
): Promise<{ replaced: boolean }> {
  checkConnectionId(id);
  const block = draft.block;
  const exists = id in project.config.connections;
  if (exists && !force) {
    throw new KtxError('connection_exists', `Connection "${id}" already exists in ktx.yaml.`, {
      hint: `Pick another id, or replace it with \`ktx connection add ${id} … --force\`.`,
    });
  }
  const written: string[] = [];
  try {
    for (const secret of draft.secrets) {
      const path = join(project.paths.secrets, secret.name);
      if (!existsSync(path)) written.push(path);
      storeSecret(project.dir, secret.name, secret.value);
    }
    await editConfig(project.dir, (doc) => setConnectionNode(doc, id, block));
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    throw error;
  }
  return { replaced: exists };
}

/**
 * Puts a connection block under `connections:` in block style. `ktx init` writes
 * `connections: {}` (flow style); adding to it must not produce a one-line flow mapping.
 */
export function setConnectionNode(doc: Document, id: string, block: ConnectionConfig): void {
  const connections = doc.get('connections', true);
  if (isMap(connections)) connections.flow = false;
  else doc.set('connections', doc.createNode({}));
  doc.setIn(['connections', id], doc.createNode(block));
}

export async function removeConnection(project: Project, id: string): Promise<{ secretsRemoved: string[] }> {
  const config = project.config.connections[id];
  if (!config) {
    const ids = Object.keys(project.config.connections);
    throw new KtxError(
      'connection_not_found',
      `Connection "${id}" is not configured in ktx.yaml.${didYouMean(id, ids)}`,
      {
        hint: ids.length
          ? `Configured connections: ${ids.sort().join(', ')}.`
          : 'There are no connections to remove.',
      },
    );
  }
  await editConfig(project.dir, (doc) => {
    doc.deleteIn(['connections', id]);
    if (project.config.project.default_connection === id) doc.deleteIn(['project', 'default_connection']);
  });
  // Secrets ktx stored for this connection go with it.
  const secretsDir = project.paths.secrets;
  const removed: string[] = [];
  if (existsSync(secretsDir)) {
    for (const name of readdirSync(secretsDir)) {
      if (name === `${id}-password` || name === `${id}-url`) {
        rmSync(join(secretsDir, name), { force: true });
        removed.push(name);
      }
    }
  }
  return { secretsRemoved: removed };
}
