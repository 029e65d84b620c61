/**
 * A small lexer over SQL text that finds `?` placeholders and statement-ending `;` while
 * skipping string literals, quoted identifiers, comments and PostgreSQL dollar quotes, so a
 * `?` or `;` inside any of those is left alone.
 */

/** Which quoting rules apply: MySQL treats `\` as an escape and `#` as a comment, PostgreSQL has `$$` quotes. */
export interface ScanRules {
  backslashEscapes: boolean;
  backtickIdentifiers: boolean;
  hashComments: boolean;
  dollarQuotes: boolean;
}

/** What the scan found: the offsets of every placeholder and every statement boundary. */
export interface ScanResult {
  placeholders: number[];
  statementEnds: number[];
}

const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** Scans `sql` once and reports placeholder and `;` offsets outside quotes and comments. */
export function scanSql(sql: string, rules: ScanRules): ScanResult {
  const placeholders: number[] = [];
  const statementEnds: number[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === '?') {
      placeholders.push(i);
      i++;
    } else if (c === ';') {
      statementEnds.push(i);
      i++;
    } else if (c === "'" || c === '"' || (c === '`' && rules.backtickIdentifiers)) {
      i = skipQuoted(sql, i, c, rules.backslashEscapes && c !== '`');
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '#' && rules.hashComments) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === '$' && rules.dollarQuotes) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return { placeholders, statementEnds };
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      // A doubled quote is an escaped quote, not the end.
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}

/** Splits a script into its statements, dropping empty ones and trailing comments. */
export function splitStatements(sql: string, rules: ScanRules): string[] {
  const { statementEnds } = scanSql(sql, rules);
  const statements: string[] = [];
  let start = 0;
  for (const end of [...statementEnds, sql.length]) {
    const text = sql.slice(start, end).trim();
    if (text !== '' && hasCode(text, rules)) statements.push(text);
    start = end + 1;
  }
  return statements;
}

/** True when `text` holds something other than comments and white space. */
function hasCode(text: string, rules: ScanRules): boolean {
  const stripped = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(rules.hashComments ? /(--|#)[^\n]*/g : /--[^\n]*/g, '')
    .trim();
  return stripped !== '';
}
