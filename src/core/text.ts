/** Small text helpers shared by error messages ("did you mean …") and human output. */

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates closest to `input`, best first. Case-insensitive; substring matches count as
 * close so that `revenue` suggests `net_revenue`.
 */
export function nearest(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const hay = candidate.toLowerCase();
    const distance = levenshtein(needle, hay);
    const longest = Math.max(needle.length, hay.length, 1);
    let score = 1 - distance / longest;
    if (hay.includes(needle) || needle.includes(hay)) score = Math.max(score, 0.75);
    if (score >= 0.4) scored.push({ candidate, score });
  }
  scored.sort((x, y) => y.score - x.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const found = nearest(input, candidates, 3);
  if (found.length === 0) return '';
  return ` Did you mean ${found.map((name) => `"${name}"`).join(', ')}?`;
}

/** "1 table", "3 tables". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Pads plain text to a width (ANSI-free input expected). */
export function padEnd(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
