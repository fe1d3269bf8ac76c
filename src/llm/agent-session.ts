import { assertUniqueToolNames, invokeTool, type ToolDefinition } from '../mcp/registry.js';
import {
  type AgentSession,
  type AgentStep,
  addUsage,
  type TokenUsage,
  type ToolCallOutcome,
  ZERO_USAGE,
} from './types.js';

/**
 * The step accountant behind every agent run (see `AgentSession` in types.ts). Backends only
 * report what happened; counting, the budget, live `onStep` callbacks and tool failures are
 * decided here, once, so every backend behaves the same.
 */

export const BUDGET_REACHED_TEXT =
  'The step budget of this run is used up: this call was not run. Stop calling tools and give your final answer.';

export interface SessionOptions {
  tools: readonly ToolDefinition[];
  stepBudget: number;
  signal?: AbortSignal;
  onStep?: (step: AgentStep) => void;
}

export class AgentRunSession implements AgentSession {
  readonly tools: readonly ToolDefinition[];
  readonly stepBudget: number;
  readonly signal: AbortSignal;
  steps = 0;
  toolCalls = 0;
  toolFailures = 0;
  usage: TokenUsage = { ...ZERO_USAGE };
  text = '';
  private reserved = 0;
  private budgetHit = false;
  private readonly byName: Map<string, ToolDefinition>;
  private readonly stop = new AbortController();
  private readonly callerSignal: AbortSignal | undefined;
  private readonly onStep: ((step: AgentStep) => void) | undefined;

  constructor(options: SessionOptions) {
    if (!Number.isInteger(options.stepBudget) || options.stepBudget < 1) {
      throw new Error(`stepBudget must be a positive integer (got ${options.stepBudget})`);
    }
    assertUniqueToolNames(options.tools);
    this.tools = options.tools;
    this.stepBudget = options.stepBudget;
    this.byName = new Map(options.tools.map((tool) => [tool.name, tool]));
    this.callerSignal = options.signal;
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stop.signal]) : this.stop.signal;
    this.onStep = options.onStep;
  }

  get callerAborted(): boolean {
    return this.callerSignal?.aborted === true;
  }

  budgetReached(): boolean {
    return this.budgetHit;
  }

  async callTool(name: string, input: unknown): Promise<ToolCallOutcome> {
    if (this.callerAborted) return { ok: false, skipped: 'aborted', text: 'The run was aborted.' };
    if (this.reserved >= this.stepBudget) {
      this.budgetHit = true;
      return { ok: false, skipped: 'budget', text: BUDGET_REACHED_TEXT };
    }
    // Reserve the step before running, so parallel calls of one model turn never overshoot.
    this.reserved++;
    const started = Date.now();
    const tool = this.byName.get(name);
    let outcome: ToolCallOutcome;
    if (!tool) {
      const known = [...this.byName.keys()].join(', ') || 'none';
      outcome = { ok: false, text: `Unknown tool "${name}". Tools available in this run: ${known}.` };
    } else {
      const invocation = await invokeTool(tool, input, { signal: this.signal, caller: 'llm' });
      outcome = invocation.ok
        ? { ok: true, text: invocation.text, structured: invocation.structured }
        : { ok: false, text: invocation.text };
    }
    this.toolCalls++;
    if (!outcome.ok) this.toolFailures++;
    this.complete({
      kind: 'tool',
      name,
      ok: outcome.ok,
      error: outcome.ok ? undefined : outcome.text.split('\n')[0],
      durationMs: Date.now() - started,
    });
    return outcome;
  }

  recordAction(kind: string, ok: boolean, detail?: string): void {
    if (this.budgetHit) return;
    this.reserved++;
    this.complete({ kind: 'action', name: kind, ok, error: ok ? undefined : detail, durationMs: 0 });
  }

  recordHostToolCall(name: string, ok: boolean, detail?: string): void {
    if (this.budgetHit) return;
    this.reserved++;
    this.toolCalls++;
    if (!ok) this.toolFailures++;
    this.complete({ kind: 'tool', name, ok, error: ok ? undefined : detail, durationMs: 0 });
  }

  recordTurn(usage: TokenUsage, text?: string): void {
    this.usage = addUsage(this.usage, usage);
    if (text?.trim()) this.text = text;
  }

  /** Called by the runtime when a run ends normally: an answer without any action is one step. */
  recordAnswerIfNoSteps(): void {
    if (this.steps === 0) this.complete({ kind: 'answer', ok: true, durationMs: 0 });
  }

  private complete(step: Omit<AgentStep, 'index'>): void {
    this.steps++;
    try {
      this.onStep?.({ index: this.steps, ...step });
    } catch {
      // A progress display must not break the run.
    }
    if (this.steps >= this.stepBudget && !this.budgetHit && step.kind !== 'answer') {
      this.budgetHit = true;
      this.stop.abort(new BudgetReachedSignal());
    }
  }
}

/** The abort reason used when the budget stops a run (distinguishable from a caller abort). */
export class BudgetReachedSignal extends Error {
  constructor() {
    super('step budget reached');
    this.name = 'BudgetReached';
  }
}
