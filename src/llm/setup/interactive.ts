import type { LlmConfig } from '../../project/config/schema.js';
import { storeSecret } from '../../project/secrets.js';
import { BACKEND_CATALOG, type BackendDescriptor, backendDescriptor } from '../catalog.js';
import type { ProbeResult } from '../probe.js';
import { describeProbeFailure } from '../probe.js';
import { DEFAULT_VERTEX_LOCATION, planLlmSetup, type SetupInput, type SetupPlan } from './plan.js';

/**
 * Interactive `ktx setup` for the LLM: pick a backend, pick a model from a short curated list
 * (or type one), say where the credentials come from, and optionally test before saving. The
 * prompts go through a small Prompter interface (clack in the CLI, a script in tests).
 */

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: Array<Choice<T>>, initial?: T): Promise<T>;
  /** Several choices at once (agent setup); may be empty when `required` is false. */
  multiselect?<T extends string>(
    message: string,
    choices: Array<Choice<T>>,
    required?: boolean,
  ): Promise<T[]>;
  text(
    message: string,
    options?: { initial?: string; placeholder?: string; validate?: (value: string) => string | undefined },
  ): Promise<string>;
  password(message: string): Promise<string>;
  confirm(message: string, initial?: boolean): Promise<boolean>;
  note(message: string): void;
  spinner(): { start(message: string): void; stop(message: string): void };
}

export interface InteractiveDeps {
  projectDir: string;
  current: LlmConfig;
  env: NodeJS.ProcessEnv;
  probe(plan: SetupPlan): Promise<ProbeResult>;
}

export type InteractiveOutcome = { kind: 'save'; plan: SetupPlan; probe?: ProbeResult } | { kind: 'cancel' };

const OTHER = '__other__';

async function chooseModel(prompter: Prompter, descriptor: BackendDescriptor): Promise<string> {
  const picked = await prompter.select(
    'Main model (used for `default` and the roles that share it; the others get a preset)',
    [
      ...descriptor.models.map((m) => ({ value: m.id, label: m.label })),
      { value: OTHER, label: 'Other (type a model id)' },
    ],
    descriptor.preset.default,
  );
  if (picked !== OTHER) return picked;
  return (
    await prompter.text('Model id', {
      placeholder: descriptor.preset.default,
      validate: (value) => descriptor.checkModel(value.trim()),
    })
  ).trim();
}

async function chooseKey(
  prompter: Prompter,
  deps: InteractiveDeps,
  options: { envName: string; secretName: string; current?: string; label: string },
): Promise<Pick<SetupInput, 'apiKeyRef'> & { envName?: string }> {
  const choices: Array<Choice<string>> = [];
  if (options.current)
    choices.push({
      value: 'keep',
      label: `Keep the current key (${options.current.startsWith('env:') || options.current.startsWith('file:') ? options.current : 'literal in ktx.yaml'})`,
    });
  choices.push({
    value: 'env',
    label: `Read ${options.envName} from the environment`,
    hint: deps.env[options.envName]?.trim() ? 'set in this shell' : 'not set in this shell',
  });
  choices.push({
    value: 'paste',
    label: 'Paste a key now',
    hint: `stored in .ktx/secrets/${options.secretName} (0600, never committed)`,
  });
  choices.push({ value: 'other-env', label: 'Read it from another environment variable' });
  const how = await prompter.select(
    `Where does the ${options.label} key come from?`,
    choices,
    options.current ? 'keep' : 'env',
  );
  if (how === 'keep') return {};
  if (how === 'env') return { envName: options.envName };
  if (how === 'other-env') {
    const name = await prompter.text('Environment variable name', {
      validate: (value) =>
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(value.trim()) ? undefined : 'letters, digits and _ only',
    });
    return { envName: name.trim() };
  }
  const value = await prompter.password(`${options.label} key`);
  return { apiKeyRef: storeSecret(deps.projectDir, options.secretName, value) };
}

export async function collectSetupInput(prompter: Prompter, deps: InteractiveDeps): Promise<SetupInput> {
  const current = deps.current.provider.backend;
  const backend = await prompter.select(
    'Which LLM should ktx use?',
    BACKEND_CATALOG.map((entry) => ({ value: entry.id, label: entry.label, hint: entry.hint })),
    backendDescriptor(current) ? current : undefined,
  );
  const descriptor = backendDescriptor(backend)!;
  const input: SetupInput = { backend, model: await chooseModel(prompter, descriptor) };
  if (backend === 'anthropic' || backend === 'gateway') {
    const anthropic = backend === 'anthropic';
    const standard = anthropic ? 'ANTHROPIC_API_KEY' : 'AI_GATEWAY_API_KEY';
    const current = anthropic
      ? deps.current.provider.anthropic?.api_key
      : deps.current.provider.gateway?.api_key;
    const key = await chooseKey(prompter, deps, {
      envName: standard,
      secretName: anthropic ? 'anthropic-api-key' : 'ai-gateway-api-key',
      current,
      label: anthropic ? 'Anthropic API' : 'AI Gateway',
    });
    input.apiKeyRef = key.apiKeyRef;
    // The provider reads its standard variable by itself, so that needs no setting, unless a
    // configured key has to be replaced by it.
    const writeEnvRef = key.envName !== undefined && (key.envName !== standard || current !== undefined);
    if (writeEnvRef && anthropic) input.anthropicKeyEnv = key.envName;
    if (writeEnvRef && !anthropic) input.gatewayKeyEnv = key.envName;
  }
  if (backend === 'vertex') {
    input.vertexProject = (
      await prompter.text('Google Cloud project id', {
        initial: deps.current.provider.vertex?.project ?? deps.env.GOOGLE_VERTEX_PROJECT,
        validate: (value) => (value.trim() ? undefined : 'a project id is required'),
      })
    ).trim();
    input.vertexLocation = (
      await prompter.text('Vertex AI region', {
        initial: deps.current.provider.vertex?.location ?? DEFAULT_VERTEX_LOCATION,
      })
    ).trim();
  }
  return input;
}

export async function runInteractiveLlmSetup(
  prompter: Prompter,
  deps: InteractiveDeps,
): Promise<InteractiveOutcome> {
  for (;;) {
    const plan = planLlmSetup(await collectSetupInput(prompter, deps), deps.current, deps.env);
    for (const note of plan.notes) prompter.note(note);
    const local = backendDescriptor(plan.backend)?.localAgent !== undefined;
    const question = local
      ? 'Test it now with one short, isolated run (no tools)?'
      : 'Test it now with a one-token request?';
    if (!(await prompter.confirm(question, true))) return { kind: 'save', plan };
    const spinner = prompter.spinner();
    spinner.start(`Checking ${plan.backend} (${plan.models.default})`);
    const probe = await deps.probe(plan);
    if (probe.ok) {
      spinner.stop(`LLM ready: yes (${plan.models.default}, answered in ${probe.latencyMs} ms)`);
      return { kind: 'save', plan, probe };
    }
    spinner.stop(`LLM check failed: ${describeProbeFailure(probe)}`);
    if (probe.error?.hint) prompter.note(`fix: ${probe.error.hint}`);
    const next = await prompter.select('What now?', [
      { value: 'retry', label: 'Change the settings' },
      { value: 'save', label: 'Save anyway (fix it later; `ktx status --probe` checks again)' },
      { value: 'cancel', label: 'Cancel (nothing is written)' },
    ]);
    if (next === 'save') return { kind: 'save', plan, probe };
    if (next === 'cancel') return { kind: 'cancel' };
  }
}
