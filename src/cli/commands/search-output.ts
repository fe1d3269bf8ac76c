import { usageError } from '../../core/errors.js';
import { formatTable } from '../../core/terminal.js';
import type { IndexProgress, SearchResponse } from '../../search/search-index.js';
import type { CommandContext } from '../context.js';

/** Shared pieces of the search commands (`search`, `wiki search`, `sl search`): flags, progress, output. */

export function parseLimit(raw: string | undefined, fallback = 10): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 200) {
    throw usageError(`--limit must be a whole number from 1 to 200 (got "${raw}").`);
  }
  return value;
}

/** Progress of indexing, embedding and model downloads on stderr (never stdout). */
export function progressReporter(ctx: CommandContext): {
  onProgress: (event: IndexProgress) => void;
  done(): void;
} {
  const progress = ctx.progress();
  let phase = '';
  return {
    onProgress(event) {
      if ('source' in event) {
        const label =
          event.phase === 'download'
            ? `Downloading embedding model${event.file ? ` (${event.file})` : ''}`
            : 'Loading embedding model';
        if (label !== phase) {
          phase = label;
          progress.phase(label);
        }
        if (event.done !== undefined && event.total) progress.update(event.done, event.total);
      } else if (event.phase === 'embed') {
        if (phase !== 'Embedding documents') {
          phase = 'Embedding documents';
          progress.phase(phase);
        }
        progress.update(event.done, event.total);
      } else {
        ctx.debugLog(`index: ${event.message}`);
      }
    },
    done() {
      progress.done();
    },
  };
}

export function debugLanes(ctx: CommandContext, response: SearchResponse): void {
  for (const lane of response.lanes) {
    ctx.debugLog(
      `lane=${lane.lane} status=${lane.status} weight=${lane.weight} candidates=${lane.candidates} ms=${lane.ms}${
        lane.reason ? ` reason=${lane.reason}` : ''
      }`,
    );
  }
  if (response.refreshed) ctx.debugLog(`index refreshed: ${JSON.stringify(response.refreshed)}`);
  ctx.debugLog(`took ${response.tookMs} ms`);
}

function shorten(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export function renderResults(ctx: CommandContext, response: SearchResponse, emptyHint: string): string {
  const s = ctx.style;
  const lines: string[] = [];
  if (response.results.length === 0) {
    lines.push(`No results for "${response.query}".`, s.dim(emptyHint));
  } else {
    const rows = response.results.map((result, index) => {
      const extra = result.values?.length
        ? ` ${s.dim(`= ${result.values.map((v) => `"${v}"`).join(', ')}`)}`
        : '';
      return [
        s.dim(String(index + 1).padStart(2)),
        result.kind,
        s.bold(result.ref) + extra,
        shorten(result.summary, 70),
      ];
    });
    lines.push(formatTable(rows));
  }
  for (const lane of response.lanes.filter((l) => l.status === 'failed')) {
    lines.push(
      s.yellow(
        `note: the ${lane.lane} lane failed (${shorten(lane.reason ?? 'unknown error', 120)}); results come from the other lanes.`,
      ),
    );
  }
  return lines.join('\n');
}
