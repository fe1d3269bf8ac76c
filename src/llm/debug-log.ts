import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { redactValue } from '../core/redact.js';

/**
 * `KTX_LLM_DEBUG=<file.jsonl>` records every LLM request, response and runtime event, one JSON
 * object per line. Everything goes through redaction first: credential headers are dropped
 * whole, and registered secrets are masked wherever they appear in bodies.
 */

export interface DebugLog {
  readonly path: string;
  record(kind: string, data: Record<string, unknown>): void;
}

const CREDENTIAL_HEADERS =
  /^(x-api-key|authorization|proxy-authorization|api-key|x-goog-api-key|cookie|set-cookie)$/i;

export function maskHeaders(headers: Record<string, string> | Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [key, value] of entries)
    out[key.toLowerCase()] = CREDENTIAL_HEADERS.test(key) ? '[redacted]' : value;
  return out;
}

/** Parses JSON text when it is JSON, so the log stays structured; otherwise keeps the text. */
export function jsonOrText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

class FileDebugLog implements DebugLog {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  record(kind: string, data: Record<string, unknown>): void {
    const line = JSON.stringify(redactValue({ ts: new Date().toISOString(), ...data, kind }));
    try {
      // Synchronous on purpose: the log must be complete even when the process dies right after.
      appendFileSync(this.path, `${line}\n`);
    } catch {
      // Debugging must never break the real work.
    }
  }
}

export function debugLogFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): DebugLog | undefined {
  const target = env.KTX_LLM_DEBUG?.trim();
  if (!target || target === '0' || target === 'false') return undefined;
  return new FileDebugLog(resolve(cwd, target));
}
