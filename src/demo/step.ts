/** What a `ktx demo` step is (src/demo/create.ts runs them; each feature adds its own). */

export const DEMO_CONNECTION = 'warehouse';
export const DEMO_DATA_FILE = 'data/orbital.sqlite';

export interface DemoHint {
  command: string;
  description: string;
}

export interface DemoContext {
  projectDir: string;
  /** Progress on stderr (phase names). */
  progress(phase: string): void;
  warn(warning: { code: string; message: string; fix?: string }): void;
  /** Paths (relative to the project) each step wants committed with the setup commit. */
  commitPaths: Set<string>;
  /** Commits made by the steps so far, oldest first. */
  commits: string[];
  /** Commands to suggest at the end, added by the steps that make them useful (in step order). */
  tryNext: DemoHint[];
}

export interface DemoStepResult {
  /** `done` = did work now; `skipped` = already in place. */
  status: 'done' | 'skipped';
  message: string;
}

export interface DemoStep {
  id: string;
  title: string;
  /**
   * Checks or refreshes derived state (connection test, search index): its work does not mean
   * the demo was (re)created, so re-running `ktx demo` still says "nothing to redo".
   */
  upkeep?: boolean;
  run(ctx: DemoContext): Promise<DemoStepResult>;
}
