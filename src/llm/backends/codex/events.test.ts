import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRunSession } from '../../agent-session.js';
import type { AgentStep } from '../../types.js';
import { type CodexEvent, CodexRunAccount, mcpCallFailed } from './events.js';

const fixture = (name: string): CodexEvent[] =>
  readFileSync(join(import.meta.dirname, '../../../../test/fixtures/codex', name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CodexEvent);

const session = (stepBudget = 10, steps: AgentStep[] = []) =>
  new AgentRunSession({ tools: [], stepBudget, onStep: (step) => steps.push(step) });

const completed = (item: CodexEvent['item']): CodexEvent => ({ type: 'item.completed', item });

describe('reading a Codex event stream', () => {
  it('treats the verbatim real capture (error: null) as a successful call, and takes text and usage', () => {
    const events = fixture('mcp-tool-call.events.jsonl');
    const call = events.find(
      (event) => event.type === 'item.completed' && event.item?.type === 'mcp_tool_call',
    )!;
    expect(call.item!.error).toBeNull();
    expect(mcpCallFailed(call.item!)).toBe(false);
    const run = session();
    const account = new CodexRunAccount(run, 'ktx_run');
    // The call reached ktx's loopback server first (that is where it was counted).
    account.noteReached('lookup', { term: 'net revenue' });
    for (const event of events) expect(account.handle(event)).toBe(true);
    expect(account.text).toBe('Net revenue is payments minus refunds.');
    expect(account.usage).toEqual({ input: 1599, output: 39, cacheRead: 0, cacheWrite: 0 });
    expect(run.toolFailures).toBe(0);
    expect(account.turnError).toBeUndefined();
  });

  it('counts a call Codex settled without ktx as a step, and as a failure only when it failed', () => {
    const steps: AgentStep[] = [];
    const run = session(10, steps);
    const account = new CodexRunAccount(run, 'ktx_run');
    const base = { type: 'mcp_tool_call', server: 'ktx_run', tool: 'lookup', arguments: {} };
    account.handle(completed({ ...base, id: 'a', status: 'completed', error: null }));
    account.handle(completed({ ...base, id: 'b', status: 'failed', error: null }));
    account.handle(
      completed({ ...base, id: 'c', status: 'completed', error: { message: 'tool call timed out' } }),
    );
    expect(run).toMatchObject({ steps: 3, toolCalls: 3, toolFailures: 2 });
    expect(steps.map((step) => step.ok)).toEqual([true, false, false]);
    expect(steps[2]!.error).toBe('tool call timed out');
  });

  it('counts every completed command, file change and web search as a step, never as a tool failure, live', () => {
    const steps: AgentStep[] = [];
    const run = session(10, steps);
    const account = new CodexRunAccount(run, 'ktx_run');
    account.handle({
      type: 'item.started',
      item: { type: 'command_execution', command: 'ls', status: 'in_progress' },
    });
    expect(steps).toHaveLength(0);
    account.handle(
      completed({ type: 'command_execution', command: 'ls', status: 'completed', exit_code: 0 }),
    );
    expect(steps).toHaveLength(1);
    account.handle(
      completed({ type: 'command_execution', command: 'cat nope', status: 'failed', exit_code: 1 }),
    );
    account.handle(completed({ type: 'file_change', status: 'completed' }));
    account.handle(completed({ type: 'web_search' }));
    account.handle(completed({ type: 'reasoning', text: 'thinking' }));
    expect(run).toMatchObject({ steps: 4, toolCalls: 0, toolFailures: 0 });
    expect(steps.map((step) => [step.kind, step.name, step.ok])).toEqual([
      ['action', 'command_execution', true],
      ['action', 'command_execution', false],
      ['action', 'file_change', true],
      ['action', 'web_search', true],
    ]);
  });

  it('reaches the step budget on command executions alone and stops the run', () => {
    const run = session(2);
    const account = new CodexRunAccount(run, 'ktx_run');
    account.handle(
      completed({ type: 'command_execution', command: 'ls', status: 'completed', exit_code: 0 }),
    );
    expect(run.signal.aborted).toBe(false);
    account.handle(
      completed({ type: 'command_execution', command: 'ls -la', status: 'completed', exit_code: 0 }),
    );
    expect(run.budgetReached()).toBe(true);
    expect(run.signal.aborted).toBe(true);
    account.handle(
      completed({ type: 'command_execution', command: 'rm', status: 'completed', exit_code: 0 }),
    );
    expect(run.steps).toBe(2);
  });

  it('stops the run when the model calls a tool of another MCP server', () => {
    const account = new CodexRunAccount(session(), 'ktx_run');
    const go = account.handle({
      type: 'item.started',
      item: {
        type: 'mcp_tool_call',
        server: 'github',
        tool: 'create_issue',
        arguments: {},
        status: 'in_progress',
      },
    });
    expect(go).toBe(false);
    expect(account.foreignTool).toBe('github/create_issue');
  });

  it('keeps transient errors as detail and the failed turn as the error', () => {
    const account = new CodexRunAccount(undefined, 'ktx_run');
    account.handle({ type: 'error', message: 'Reconnecting... 1/5' });
    expect(account.turnError).toBeUndefined();
    account.handle({
      type: 'turn.failed',
      error: { message: 'unexpected status 401 Unauthorized: bad key' },
    });
    expect(account.turnError).toBe('unexpected status 401 Unauthorized: bad key');
  });
});
