/**
 * Finds the JSON value in a model's answer without another model call: the whole text, else a
 * fenced ```json block, else the first balanced {...} or [...] that parses. Models often wrap
 * JSON in prose or fences even when asked not to; none of that deserves a repair round trip.
 */

export type JsonExtraction = { ok: true; value: unknown } | { ok: false; reason: string };

function tryParse(text: string): { ok: true; value: unknown } | undefined {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** End index (inclusive) of the balanced value starting at `start`, honouring strings and escapes. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') stack.push(char === '{' ? '}' : ']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

export function extractJson(text: string): JsonExtraction {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'the answer was empty' };
  const whole = tryParse(trimmed);
  if (whole) return whole;
  for (const match of trimmed.matchAll(/```(?:json|JSON)?\s*\n([\s\S]*?)```/g)) {
    const fenced = tryParse(match[1]!.trim());
    if (fenced) return fenced;
  }
  for (let i = 0; i < trimmed.length; i++) {
    const char = trimmed[i];
    if (char !== '{' && char !== '[') continue;
    const end = balancedEnd(trimmed, i);
    if (end < 0) continue;
    const candidate = tryParse(trimmed.slice(i, end + 1));
    if (candidate) return candidate;
  }
  return { ok: false, reason: 'no JSON value found in the answer' };
}
