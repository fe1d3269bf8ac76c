import { KtxError } from '../core/errors.js';
import { type LoadedConfig, loadConfig } from '../project/config/load.js';
import { CHECK_PROVIDERS } from './providers.js';
import type { CheckProvider, StatusCheck, StatusContext, Verdict } from './types.js';

export interface StatusReport {
  projectDir: string;
  verdict: Verdict;
  checks: StatusCheck[];
  /** The single most useful next step (a command or instruction), if any. */
  next: string | null;
}

export function verdictOf(checks: StatusCheck[]): Verdict {
  if (checks.some((check) => check.status === 'fail')) return 'blocked';
  if (checks.some((check) => check.status === 'warn')) return 'partial';
  return 'ready';
}

export function nextStep(checks: StatusCheck[]): string | null {
  for (const status of ['fail', 'warn', 'skip'] as const) {
    const check = checks.find((candidate) => candidate.status === status && candidate.fix);
    if (check) return check.fix ?? null;
  }
  return null;
}

export async function runStatus(
  projectDir: string,
  options: { probe?: boolean; detail?: boolean; providers?: Array<() => Promise<CheckProvider>> } = {},
): Promise<StatusReport> {
  let loaded: LoadedConfig | undefined;
  try {
    loaded = await loadConfig(projectDir);
  } catch (error) {
    // Not having a project at all is not a readiness question; invalid config is (project.config fails).
    if (KtxError.is(error) && error.code === 'no_project') throw error;
    if (!KtxError.is(error)) throw error;
  }
  const ctx: StatusContext = {
    projectDir,
    loaded,
    probe: options.probe ?? false,
    detail: options.detail ?? false,
  };
  const providers = await Promise.all((options.providers ?? CHECK_PROVIDERS).map((load) => load()));
  providers.sort((a, b) => a.order - b.order);
  const results = await Promise.all(
    providers.map(async (provider) => {
      try {
        return await provider.run(ctx);
      } catch (error) {
        return [
          {
            id: 'status.internal',
            label: 'Status',
            status: 'fail' as const,
            message: `a readiness check crashed: ${(error as Error).message}`,
            fix: 'Rerun with --debug and report this as a ktx bug.',
          },
        ];
      }
    }),
  );
  const checks = results.flat();
  return { projectDir, verdict: verdictOf(checks), checks, next: nextStep(checks) };
}
