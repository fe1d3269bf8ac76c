import type { LoadedConfig } from '../project/config/load.js';

/** The readiness model behind `ktx status`: checks with stable ids, contributed by modules. */

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface StatusCheck {
  /** Stable, machine-readable id (`project.config`, `connections`, `llm`, …). */
  id: string;
  /** Short human label for the aligned list. */
  label: string;
  status: CheckStatus;
  message: string;
  /** What to do about it; present whenever status is warn or fail. */
  fix?: string;
  details?: Record<string, unknown>;
}

export interface StatusContext {
  projectDir: string;
  /** Undefined when ktx.yaml is invalid (the config check reports why). */
  loaded: LoadedConfig | undefined;
  /** Run live, time-boxed probes (connections, LLM). */
  probe: boolean;
  /** `ktx doctor`: add detailed checks (each setting, each warning), not only the summary. */
  detail?: boolean;
}

export interface CheckProvider {
  /** Lower runs (and prints) first. */
  order: number;
  run(ctx: StatusContext): Promise<StatusCheck[]>;
}

export type Verdict = 'ready' | 'partial' | 'blocked';
