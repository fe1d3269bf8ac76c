import { KtxError } from '../../core/errors.js';
import type { Dialect } from '../types.js';
import { classifyStatement, findViolation, type StatementKind, type Violation } from './inspect.js';
import { parseSql, type SqlComment, SqlParseError } from './parser.js';
import { applyRowCap, type RowCapMode } from './row-cap.js';
import { findInvisibleCharacter, statementBody } from './text.js';

/**
 * Layer 1 of read-only: the parser gate. Every SQL text a user or agent hands to ktx passes
 * here before it reaches a driver. It fails closed: anything it cannot parse, or parses to more
 * than one statement, or contains a construct that could write, lock, leave the database or
 * outlast the timeout, is refused with a KtxError naming the construct.
 *
 * Layers 2 (read-only sessions, single-statement protocols, timeouts) and 3 (the row cap while
 * streaming) live in the drivers and hold even if this gate were wrong.
 */

export const GATE_VERSION = 2;

export interface GateOptions {
  dialect: Dialect;
  /** Row cap to apply in SQL (the driver enforces it again). */
  maxRows: number;
  /** The statement timeout; sleeps longer than this are refused. */
  timeoutMs: number;
}

export interface GateVerdict {
  kind: StatementKind;
  /** The SQL to execute: the statement with the row cap applied where SQL allows it. */
  sql: string;
  rowCap: RowCapMode;
}

/**
 * Statements that write or change state, named in the refusal when the parser does not know
 * their syntax (e.g. `REFRESH MATERIALIZED VIEW`): "REFRESH is not allowed" says more than a
 * parse error. Other unparseable text is a parse failure (a typo is not an attack).
 */
const WRITE_KEYWORDS = new Set(
  (
    'INSERT UPDATE DELETE MERGE REPLACE UPSERT CREATE ALTER DROP TRUNCATE RENAME GRANT REVOKE COPY CALL DO ' +
    'EXEC EXECUTE PREPARE DEALLOCATE BEGIN START COMMIT ROLLBACK END ABORT SAVEPOINT RELEASE SET RESET LOCK ' +
    'UNLOCK VACUUM ANALYZE REINDEX CLUSTER CHECKPOINT REFRESH ATTACH DETACH PRAGMA INSTALL UNINSTALL LOAD ' +
    'IMPORT EXPORT USE KILL FLUSH HANDLER LISTEN NOTIFY UNLISTEN DISCARD COMMENT SECURITY DECLARE FETCH CLOSE ' +
    'MOVE OPTIMIZE REPAIR PURGE SIGNAL RESIGNAL SHUTDOWN RESTART CACHE UNCACHE'
  ).split(' '),
);

/** The first word of the SQL, skipping comments; used to name statements the parser does not know. */
export function leadingKeyword(sql: string): string | undefined {
  const rest = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  if (rest.startsWith('(')) return '(';
  return /^[A-Za-z_]+/.exec(rest)?.[0]?.toUpperCase();
}

function keywordViolation(keyword: string): Violation {
  const classified = classifyStatement(keyword === 'PRAGMA' ? 'Pragma' : keyword);
  return 'violation' in classified ? { ...classified.violation, what: keyword } : { what: keyword };
}

const REFUSAL_HINT =
  'ktx connects to warehouses strictly read-only. Run a single SELECT (or WITH … SELECT, VALUES, EXPLAIN, SHOW, DESCRIBE).';

export function refusal(violation: Violation): KtxError {
  const why = violation.why ? ` (${violation.why})` : '';
  return new KtxError(
    'sql_not_read_only',
    `ktx only runs read-only queries: ${violation.what} is not allowed${why}.`,
    {
      hint: violation.hint ?? REFUSAL_HINT,
      details: { refused: violation.what, ...(violation.why ? { reason: violation.why } : {}) },
    },
  );
}

function checkComments(comments: SqlComment[], dialect: Dialect): Violation | undefined {
  for (const comment of comments) {
    if (comment.commentType === 'singleLine') continue;
    // Engines disagree on nested block comments (PostgreSQL and DuckDB nest them, MySQL and
    // SQLite do not), so text hidden in one could run in the other.
    if (comment.content.includes('/*')) {
      return {
        what: 'a nested /* comment */',
        why: 'engines disagree on where it ends, so hidden SQL could run',
        hint: 'Remove the inner /* from the comment.',
      };
    }
    // MariaDB executes `/*M! … */` comments; the parser treats them as plain comments.
    if (dialect === 'mysql' && /^M!/.test(comment.content)) {
      return {
        what: 'an executable /*M! … */ comment',
        why: 'MariaDB runs the SQL inside it',
        hint: 'Write the SQL outside the comment.',
      };
    }
  }
  return undefined;
}

/** Checks `sql` and returns what to execute, or throws a KtxError (never runs anything). */
export async function checkReadOnlySql(sql: string, options: GateOptions): Promise<GateVerdict> {
  if (!sql.trim()) {
    throw new KtxError('sql_empty', 'No SQL to run.', {
      hint: 'Pass one query, e.g. ktx sql --connection <id> "select 1".',
      exitCode: 64,
    });
  }
  const invisible = findInvisibleCharacter(sql);
  if (invisible) {
    throw refusal({
      what: `the invisible or control character ${invisible.codePoint} (line ${invisible.line}, column ${invisible.column})`,
      why: 'what runs must be what you can read',
      hint: 'Retype the query with plain spaces; inside string literals use an escape such as chr(160).',
    });
  }
  let parsed: Awaited<ReturnType<typeof parseSql>>;
  try {
    parsed = await parseSql(sql, options.dialect);
  } catch (error) {
    if (!(error instanceof SqlParseError)) throw error;
    const keyword = leadingKeyword(sql);
    if (keyword && WRITE_KEYWORDS.has(keyword)) throw refusal(keywordViolation(keyword));
    throw new KtxError(
      'sql_parse_failed',
      `ktx could not verify this SQL as read-only: the ${options.dialect} parser says: ${error.message}`,
      {
        hint: 'ktx only runs SQL it can parse and check. Fix the syntax, or rewrite engine-specific forms as a plain SELECT (e.g. `TABLE t` → `SELECT * FROM t`).',
        details: { dialect: options.dialect, line: error.line, column: error.column },
      },
    );
  }
  const commentProblem = checkComments(parsed.comments, options.dialect);
  if (commentProblem) throw refusal(commentProblem);
  const { statements } = parsed;
  if (statements.length === 0) {
    throw new KtxError('sql_empty', 'The SQL contains only comments; there is nothing to run.', {
      exitCode: 64,
    });
  }
  if (statements.length > 1) {
    throw refusal({
      what: `running ${statements.length} statements at once`,
      why: 'ktx runs exactly one statement per call',
      hint: 'Send the statements one at a time.',
    });
  }
  const statement = statements[0];
  const classified = classifyStatement(statement);
  if ('violation' in classified) throw refusal(classified.violation);
  const violation = findViolation(statement, { dialect: options.dialect, timeoutMs: options.timeoutMs });
  if (violation) throw refusal(violation);
  const capped =
    classified.kind === 'query'
      ? applyRowCap(sql, statement, parsed.comments, options.maxRows)
      : { sql: statementBody(sql, parsed.comments), mode: 'none' as const };
  return { kind: classified.kind, sql: capped.sql, rowCap: capped.mode };
}
