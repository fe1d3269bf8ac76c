import { codexHarness } from './harness.js';
import { runBackendContract } from './suite.js';

// The real Codex binary pinned by the Codex SDK, against the fake Responses API.
runBackendContract('codex', codexHarness, {
  cacheMarkers: false,
  startupMs: 3_000,
  timeoutCoversStartup: true,
  hostLimits: { toolErrorFlag: false, unknownToolEvents: false, rateLimitDetails: false },
});
