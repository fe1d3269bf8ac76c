import type { FakeCall, FakeReply } from './fake-model.js';

/**
 * A fake model for the description prompts: it reads the tables and columns of the batch from
 * the user message (`## <table key>` headings, `- <column> · …` lines) and answers with the
 * JSON the runtime asked for. Descriptions are plausible in length, so output token counts are.
 */
export function parseBatch(text: string): Array<{ key: string; columns: string[] }> {
  const tables: Array<{ key: string; columns: string[] }> = [];
  let inColumns = false;
  for (const line of text.split('\n')) {
    const heading = /^## (\S+)$/.exec(line);
    if (heading) {
      tables.push({ key: heading[1]!, columns: [] });
      inColumns = false;
      continue;
    }
    if (line === 'Columns:') inColumns = true;
    else if (line === 'Joins:') inColumns = false;
    else if (inColumns && line.startsWith('- ') && tables.length > 0)
      tables.at(-1)!.columns.push(line.slice(2).split(' · ')[0]!);
  }
  return tables;
}

export function describeAnswer(text: string, options: { skipTables?: string[] } = {}): string {
  const tables = parseBatch(text)
    .filter((table) => !options.skipTables?.includes(table.key))
    .map((table) => ({
      key: table.key,
      description: `One row per ${table.key.replace(/s$/, '')} record in the ${table.key} table, with its identifiers, attributes and lifecycle timestamps.`,
      columns: table.columns.map((name) => ({
        name,
        description: `The ${name.replaceAll('_', ' ')} of the ${table.key.replace(/s$/, '')}, as recorded by the source system.`,
      })),
    }));
  return JSON.stringify({ tables });
}

export function describeResponder(call: FakeCall): FakeReply {
  if (!call.lastUserText.includes('## ')) return { text: 'ok' };
  return { text: describeAnswer(call.lastUserText) };
}
