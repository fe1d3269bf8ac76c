import { claudeCodeHarness } from './harness.js';
import { runBackendContract } from './suite.js';

// The real Claude Code binary bundled with the Claude Agent SDK, against the fake Anthropic API.
runBackendContract('claude-code', claudeCodeHarness, { cacheMarkers: false, startupMs: 3_000 });
