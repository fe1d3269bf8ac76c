#!/usr/bin/env node
// npm run bench:relationships [-- --verbose] — key detection quality on the shared datasets.
import { runTs } from './run-ts.mjs';

await runTs('scripts/bench/relationships-main.ts');
