import type { Command } from 'commander';
import { KtxError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { run } from '../runner.js';
import { agentsSetupSection } from './setup-agents.js';

/**
 * `ktx setup`: configure the parts of a project that need choices. Each part is a section with
 * its own flags; a run does the sections whose flags were given, or, interactively, all of
 * them. The agents section (`--agents`, MCP issue) appends itself to SETUP_SECTIONS.
 */

export interface SetupSectionResult {
  data: Record<string, unknown>;
  lines: string[];
}

export interface SetupSection {
  name: string;
  addOptions(command: Command): void;
  /** True when this run's flags ask for this section. */
  requested(options: Record<string, unknown>): boolean;
  run(ctx: CommandContext, options: Record<string, unknown>): Promise<SetupSectionResult>;
}

interface LlmSetupOptions {
  llmBackend?: string;
  llmModel?: string;
  anthropicApiKeyEnv?: string;
  gatewayApiKeyEnv?: string;
  vertexProject?: string;
  vertexLocation?: string;
  probe?: boolean;
}

const LLM_FLAGS = [
  'llmBackend',
  'llmModel',
  'anthropicApiKeyEnv',
  'gatewayApiKeyEnv',
  'vertexProject',
  'vertexLocation',
] as const;

export const llmSetupSection: SetupSection = {
  name: 'llm',
  addOptions(command) {
    command
      .option('--llm-backend <backend>', 'LLM backend: anthropic | vertex | gateway | claude-code | codex')
      .option('--llm-model <id>', 'main model (llm.models.default and the preset roles that share it)')
      .option('--anthropic-api-key-env <NAME>', 'environment variable holding the Anthropic API key')
      .option('--gateway-api-key-env <NAME>', 'environment variable holding the AI Gateway key')
      .option('--vertex-project <id>', 'Google Cloud project for Vertex AI')
      .option('--vertex-location <region>', 'Vertex AI region (default us-east5)')
      .option(
        '--probe',
        'test the LLM with a one-token request (one short run for claude-code/codex) before writing anything',
      );
  },
  requested(options) {
    return LLM_FLAGS.some((flag) => options[flag] !== undefined);
  },
  async run(ctx, raw) {
    const options = raw as LlmSetupOptions;
    const project = await ctx.project();
    const { planLlmSetup } = await import('../../llm/setup/plan.js');
    const { probePlan, probeError, writePlan } = await import('../../llm/setup/apply.js');
    let plan: Awaited<ReturnType<typeof planLlmSetup>>;
    let probe: Awaited<ReturnType<typeof probePlan>> | undefined;
    if (this.requested(raw)) {
      if (!options.llmBackend) {
        throw new KtxError(
          'setup_input_missing',
          'Missing LLM backend: pass --llm-backend anthropic|vertex|gateway|claude-code|codex with the other LLM flags.',
          {
            exitCode: 64,
          },
        );
      }
      plan = planLlmSetup(
        {
          backend: options.llmBackend,
          model: options.llmModel,
          anthropicKeyEnv: options.anthropicApiKeyEnv,
          gatewayKeyEnv: options.gatewayApiKeyEnv,
          vertexProject: options.vertexProject,
          vertexLocation: options.vertexLocation,
        },
        project.config.llm,
      );
      if (options.probe) {
        const progress = ctx.progress();
        progress.phase(`Checking ${plan.backend} (${plan.models.default})`);
        probe = await probePlan(project.dir, project.config.llm, plan);
        progress.done();
        if (!probe.ok) throw probeError(probe);
      }
    } else {
      const { clackPrompter } = await import('../prompter.js');
      const { runInteractiveLlmSetup } = await import('../../llm/setup/interactive.js');
      const outcome = await runInteractiveLlmSetup(await clackPrompter(), {
        projectDir: project.dir,
        current: project.config.llm,
        env: process.env,
        probe: (candidate) => probePlan(project.dir, project.config.llm, candidate),
      });
      if (outcome.kind === 'cancel')
        throw new KtxError('cancelled', 'Setup cancelled; nothing was written.', { exitCode: 130 });
      plan = outcome.plan;
      probe = outcome.probe;
    }
    const changed = await writePlan(project.dir, plan);
    if (changed) {
      const { commitIfOwned } = await import('../../project/commit.js');
      commitIfOwned(
        project.dir,
        `setup: LLM backend ${plan.backend} (${plan.models.default})`,
        ['ktx.yaml'],
        ctx,
      );
    }
    // Interactive runs showed the notes inside the setup frame already.
    if (this.requested(raw)) for (const note of plan.notes) ctx.info(`note: ${note}`);
    const lines = [
      `LLM configured: ${plan.backend} · ${Object.entries(plan.models)
        .map(([role, model]) => `${role} ${model}`)
        .join(', ')}`,
      probe?.ok
        ? `LLM ready: yes (${plan.models.default})`
        : `Next: \`ktx status --probe\` checks it with ${plan.backend === 'claude-code' || plan.backend === 'codex' ? 'one short, isolated run' : 'a one-token request'}.`,
    ];
    return { data: { backend: plan.backend, models: plan.models, changed, notes: plan.notes, probe }, lines };
  },
};

/** Sections in the order an interactive run walks through them. */
export const SETUP_SECTIONS: SetupSection[] = [llmSetupSection, agentsSetupSection];

export function registerSetup(program: Command): void {
  const command = program
    .command('setup')
    .description(
      'Configure the LLM backend and connect agent clients (interactive, or with flags and --no-input)',
    );
  for (const section of SETUP_SECTIONS) section.addOptions(command);
  command.action(
    run<Record<string, unknown>>(async (ctx, _args, options) => {
      let sections = SETUP_SECTIONS.filter((section) => section.requested(options));
      if (sections.length === 0) {
        if (!ctx.interactive) {
          // Never pick a backend (and its credentials) for the user.
          throw new KtxError(
            'setup_input_missing',
            'Missing LLM backend: pass --llm-backend with one of anthropic, vertex, gateway, claude-code, codex (ktx never picks one for you).',
            {
              hint: 'e.g. `ktx setup --llm-backend anthropic --anthropic-api-key-env ANTHROPIC_API_KEY --no-input`; vertex also takes --vertex-project and --vertex-location; claude-code and codex use your local Claude Code or Codex sign-in (`ktx setup --llm-backend claude-code --llm-model opus --no-input`). To connect agent clients instead: `ktx setup --agents --target claude-code --no-input`.',
              exitCode: 64,
            },
          );
        }
        sections = SETUP_SECTIONS;
      }
      const results: Record<string, unknown> = {};
      const lines: string[] = [];
      for (const section of sections) {
        const result = await section.run(ctx, options);
        results[section.name] = result.data;
        lines.push(...result.lines);
      }
      return { data: results, human: lines.join('\n') };
    }),
  );
}
