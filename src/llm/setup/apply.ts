import { type Document, isScalar } from 'yaml';
import { KtxError } from '../../core/errors.js';
import { editConfig } from '../../project/config/edit.js';
import { type LlmConfig, llmSchema } from '../../project/config/schema.js';
import { LlmError } from '../errors.js';
import { type ProbeResult, probeLlm } from '../probe.js';
import { applyPlanInMemory, type SetupPlan } from './plan.js';

/**
 * Writing a setup plan: optionally probe the new configuration first (nothing is written when
 * it fails), then edit ktx.yaml through the comment-preserving writer.
 */

export interface SetupOutcome {
  backend: string;
  models: SetupPlan['models'];
  changed: boolean;
  notes: string[];
  probe?: ProbeResult;
}

function ensureMaps(doc: Document, path: string[]): void {
  for (let i = 1; i < path.length; i++) {
    const prefix = path.slice(0, i);
    // `llm:` with nothing under it is a null scalar; it has to become a map before keys go in.
    const node = doc.getIn(prefix, true);
    if (isScalar(node) && (node.value === null || node.value === undefined))
      doc.setIn(prefix, doc.createNode({}));
  }
}

export async function probePlan(
  projectDir: string,
  current: LlmConfig,
  plan: SetupPlan,
  env?: NodeJS.ProcessEnv,
): Promise<ProbeResult> {
  const llm = llmSchema.parse(applyPlanInMemory(current, plan));
  return probeLlm(projectDir, llm, { env });
}

export function probeError(result: ProbeResult): KtxError {
  const error = result.error!;
  if (error.category === 'config') {
    return new KtxError(error.code, error.message, {
      hint: `${error.hint ?? ''} Nothing was written to ktx.yaml.`.trim(),
    });
  }
  return new LlmError({
    category: error.category,
    providerMessage: error.providerMessage ?? error.message,
    backend: result.backend as LlmError['backend'],
    model: result.model,
    status: error.status,
    hint: `${error.hint ?? ''} Nothing was written to ktx.yaml.`.trim(),
  });
}

export async function writePlan(projectDir: string, plan: SetupPlan): Promise<boolean> {
  const { changed } = await editConfig(projectDir, (doc) => {
    for (const edit of plan.edits) {
      ensureMaps(doc, edit.path);
      doc.setIn(edit.path, edit.value);
    }
  });
  return changed;
}
