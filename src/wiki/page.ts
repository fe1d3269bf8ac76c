import { LineCounter, parseDocument } from 'yaml';
import { positionInDocument, validateYamlText } from '../core/yaml-validate.js';
import { frontmatterSchema, type WikiFrontmatter } from './frontmatter.js';

/**
 * Parsing of one page file: `---` YAML frontmatter `---`, then a Markdown body. Never throws:
 * problems come back as issues positioned in the file (line:col), so `wiki write` and
 * `wiki validate` report them the same way and indexing can stay lenient.
 */

export interface WikiIssue {
  severity: 'error' | 'warning';
  /** Stable snake_case code (frontmatter_invalid, ref_unknown, sl_ref_unknown, …). */
  code: string;
  /** Project-relative file (or the file given to `wiki write`). */
  file: string;
  line?: number;
  col?: number;
  /** Frontmatter path (`sl_refs[1]`) or `body`. */
  path: string;
  message: string;
  fix?: string;
}

export interface WikiLink {
  target: string;
  line: number;
  col: number;
}

export interface ParsedPage {
  /** Validated frontmatter; undefined when it is missing or invalid. */
  frontmatter: WikiFrontmatter | undefined;
  /** Best-effort frontmatter for lenient consumers (indexing a page that does not validate). */
  lenient: WikiFrontmatter;
  body: string;
  /** First `# Heading` of the body. */
  title: string | undefined;
  links: WikiLink[];
  issues: WikiIssue[];
  /** Line of the file where frontmatter YAML starts (for positioning list items). */
  yamlStartLine: number;
  yamlText: string;
}

const FENCE = /^\s*(```|~~~)/;
const WIKILINK = /\[\[([^\]\n]+?)\]\]/g;

/** Splits the frontmatter block off. Returns undefined when the page has none. */
function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '---' || line === '...') {
      return { yaml: lines.slice(1, i).join('\n'), body: lines.slice(i + 1).join('\n'), bodyLine: i + 2 };
    }
  }
  return undefined;
}

/** `[[target]]`, `[[target|label]]` and `[[target#section]]` outside code, with file positions. */
export function extractWikilinks(body: string, firstLine: number): WikiLink[] {
  const links: WikiLink[] = [];
  let inFence = false;
  body.split(/\r?\n/).forEach((line, index) => {
    if (FENCE.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    // Blank out inline code so `[[x]]` inside backticks is not a link, keeping columns intact.
    const visible = line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    for (const match of visible.matchAll(WIKILINK)) {
      const target = match[1]!.split('|')[0]!.split('#')[0]!.trim();
      if (target) links.push({ target, line: firstLine + index, col: match.index + 1 });
    }
  });
  return links;
}

function firstHeading(body: string): string | undefined {
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence) {
      const heading = /^#\s+(.+?)\s*#*\s*$/.exec(line);
      if (heading) return heading[1];
    }
  }
  return undefined;
}

function lenientFrontmatter(data: unknown): WikiFrontmatter {
  const record = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const mode = record.usage_mode;
  return {
    summary: typeof record.summary === 'string' ? record.summary : '',
    tags: strings(record.tags),
    refs: strings(record.refs),
    sl_refs: strings(record.sl_refs),
    usage_mode: mode === 'always' || mode === 'never' ? mode : 'auto',
    source: typeof record.source === 'string' ? record.source : undefined,
  };
}

export function parseWikiPage(text: string, file: string): ParsedPage {
  const split = splitFrontmatter(text);
  if (!split) {
    const body = text.replace(/^\uFEFF/, '');
    return {
      frontmatter: undefined,
      lenient: lenientFrontmatter({}),
      body,
      title: firstHeading(body),
      links: extractWikilinks(body, 1),
      yamlStartLine: 1,
      yamlText: '',
      issues: [
        {
          severity: 'error',
          code: 'frontmatter_missing',
          file,
          line: 1,
          col: 1,
          path: '',
          message: 'the page has no YAML frontmatter',
          fix: 'Start the file with a frontmatter block: a line `---`, `summary: <one line>`, then a line `---`.',
        },
      ],
    };
  }
  const yamlStartLine = 2;
  const result = validateYamlText(split.yaml.trim() ? split.yaml : '{}', {
    schema: frontmatterSchema,
    fileLabel: `the frontmatter of ${file}`,
    unknownKeys: 'warn',
  });
  const issues: WikiIssue[] = result.issues.map((issue) => ({
    severity: issue.severity,
    code: issue.severity === 'error' ? 'frontmatter_invalid' : 'frontmatter_unknown_field',
    file,
    line: issue.line === undefined ? undefined : issue.line + yamlStartLine - 1,
    col: issue.col,
    path: issue.path,
    message: issue.message,
    fix: issue.fix,
  }));
  let data: unknown;
  try {
    data = result.doc.toJS();
  } catch {
    data = {};
  }
  return {
    frontmatter: result.value,
    lenient: result.value ?? lenientFrontmatter(data),
    body: split.body,
    title: firstHeading(split.body),
    links: extractWikilinks(split.body, split.bodyLine),
    issues,
    yamlStartLine,
    yamlText: split.yaml,
  };
}

/** File position of a frontmatter node (`['sl_refs', 1]`), for issues found after parsing. */
export function frontmatterPosition(
  page: Pick<ParsedPage, 'yamlText' | 'yamlStartLine'>,
  path: Array<string | number>,
): { line: number; col: number } | undefined {
  if (!page.yamlText) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(page.yamlText, { lineCounter });
  const position = positionInDocument(doc, lineCounter, path);
  if (!position) return undefined;
  // Point at the list item itself rather than its key when the item exists.
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const exact = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
  const pos = exact ?? position;
  return { line: pos.line + page.yamlStartLine - 1, col: pos.col };
}
