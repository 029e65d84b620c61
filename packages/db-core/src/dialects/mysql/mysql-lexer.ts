import {
  Ch,
  isDigit,
  isLetter,
  lineCommentEnd,
  type PlaceholderScan,
  type ScriptStatement,
  type SqlLexer,
  StatementCollector,
  skipDoubledQuote,
} from '../../sql-scanner.js';

/**
 * MySQL's and MariaDB's reading of SQL text, after the server's lexer (sql/sql_lex.cc) and the
 * manual's chapters on comments and string literals, under the session the layer opens:
 * `ANSI_QUOTES` on (so `"…"` is an identifier in which a backslash escapes nothing) and
 * `NO_BACKSLASH_ESCAPES` off (so a backslash escapes the next character in `'…'`). Migration
 * files are cut the way the `mariadb`/`mysql` client cuts them (client/mysql.cc, `add_line`).
 */

/** my_isspace for the ASCII range: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === Ch.Space || (c >= Ch.Tab && c <= Ch.Return);
}

/**
 * `--` starts a comment only when the next character is white space or a control character
 * (the end of the text counts, as the server reads a NUL there); `10--1` is arithmetic.
 */
function isDashComment(sql: string, i: number): boolean {
  if (sql.charCodeAt(i + 1) !== Ch.Dash) return false;
  if (i + 2 >= sql.length) return true;
  const c = sql.charCodeAt(i + 2);
  return c <= Ch.Space || c === 127;
}

/** Identifier characters of an unquoted name: letters, digits, `_`, `$` and anything non-ASCII. */
function isIdentChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Ch.Dollar;
}

/**
 * Where an executable comment's body starts when `/*` at `i` opens one (`/*!`, `/*!50110`,
 * `/*M!`, `/*M!100100`), else undefined; `versioned` tells whether a version number followed.
 */
function executableBody(sql: string, i: number): { body: number; versioned: boolean } | undefined {
  let j = i + 2;
  if (sql.charCodeAt(j) === Ch.UpperM && sql.charCodeAt(j + 1) === Ch.Bang) j += 2;
  else if (sql.charCodeAt(j) === Ch.Bang) j += 1;
  else return undefined;
  // A version is exactly five or six digits (sql_lex.cc: 50110 is 5.1.10, 100100 is 10.1.0);
  // fewer digits are no version but the start of the SQL inside.
  let digits = 0;
  while (digits < 6 && isDigit(sql.charCodeAt(j + digits))) digits++;
  if (digits < 5) return { body: j, versioned: false };
  return { body: j + digits, versioned: true };
}

function scan(sql: string): PlaceholderScan {
  const placeholders: number[] = [];
  const n = sql.length;
  // Inside an executable comment the text is SQL, up to the `*/` that closes it.
  let inExecutable = false;
  let versionedStart = -1;
  let refusal: string | undefined;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === Ch.Question) {
      placeholders.push(i);
      if (versionedStart !== -1 && refusal === undefined) {
        refusal = `the ? at offset ${i} is inside the versioned executable comment at offset ${versionedStart} (${sql.slice(versionedStart, versionedStart + 12)}…), which the server runs or skips depending on its version; move the placeholder out of the comment or drop the version number`;
      }
      i++;
    } else if (c === Ch.Quote) {
      i = skipDoubledQuote(sql, i, Ch.Quote, true);
    } else if (c === Ch.DoubleQuote || c === Ch.Backtick) {
      i = skipDoubledQuote(sql, i, c, false);
    } else if (c === Ch.Hash || (c === Ch.Dash && isDashComment(sql, i))) {
      i = lineCommentEnd(sql, i + 1, false);
    } else if (c === Ch.Slash && next === Ch.Star) {
      const exec = inExecutable ? undefined : executableBody(sql, i);
      if (exec) {
        inExecutable = true;
        if (exec.versioned) versionedStart = i;
        i = exec.body;
      } else {
        const close = sql.indexOf('*/', i + 2);
        i = close === -1 ? n : close + 2;
      }
    } else if (c === Ch.Star && next === Ch.Slash && inExecutable) {
      inExecutable = false;
      versionedStart = -1;
      i += 2;
    } else if (isIdentChar(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql.charCodeAt(j))) j++;
      // X'…' and B'…' hold hex or bit digits, where a backslash is no escape; other
      // introducers (N'…', _utf8mb4'…') prefix an ordinary string, read on the next turn.
      const lower = c | 0x20;
      if (j === i + 1 && (lower === 0x78 || lower === 0x62) && sql.charCodeAt(j) === Ch.Quote) {
        i = skipDoubledQuote(sql, j, Ch.Quote, false);
      } else {
        i = j;
      }
    } else {
      i++;
    }
  }
  return { placeholders, foreign: [], refusal };
}

/**
 * The client's cutting: the delimiter (`;` unless a `DELIMITER` line changed it) ends a
 * statement outside quotes and `/* … *\/` comments, but inside an executable comment too (the
 * client sends `/*!…*\/` on as text). The client knows nothing of the session's `ANSI_QUOTES`:
 * to it `'…'`, `"…"` and `` `…` `` are all strings in which a backslash escapes the next
 * character.
 */
function split(script: string): ScriptStatement[] {
  const out = new StatementCollector(script);
  const n = script.length;
  let delimiter = ';';
  let i = 0;
  while (i < n) {
    const c = script.charCodeAt(i);
    const next = script.charCodeAt(i + 1);
    if (out.empty && lineStart(script, i)) {
      const command = DELIMITER_LINE.exec(
        script.slice(i, script.indexOf('\n', i) === -1 ? n : script.indexOf('\n', i)),
      );
      if (command) {
        // A client command, not SQL: it changes how the rest of the file is cut.
        delimiter = delimiterArgument(command[1] as string);
        out.skip(i + command[0].length);
        i += command[0].length;
        continue;
      }
    }
    if (script.startsWith(delimiter, i)) {
      out.end(i, delimiter.length);
      i += delimiter.length;
    } else if (isSpace(c)) {
      i++;
    } else if (c === Ch.Quote || c === Ch.DoubleQuote || c === Ch.Backtick) {
      out.code(i);
      i = clientStringEnd(script, i, c);
    } else if (
      c === Ch.Hash ||
      (c === Ch.Dash && next === Ch.Dash && (i + 2 >= n || isSpace(script.charCodeAt(i + 2))))
    ) {
      i = lineCommentEnd(script, i + 1, false);
    } else if (c === Ch.Slash && next === Ch.Star && !executableBody(script, i)) {
      const close = script.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else {
      out.code(i);
      i++;
    }
  }
  out.end(n);
  return out.statements;
}

// mysql.cc's `delimiter` command: the word, white space, then the new delimiter up to the end
// of the line's first run of non-space characters.
const DELIMITER_LINE = /^delimiter[ \t]+(\S+)[^\n]*/i;

/** The client strips one pair of quotes around the new delimiter. */
function delimiterArgument(arg: string): string {
  const q = arg[0];
  if ((q === "'" || q === '"' || q === '`') && arg.length > 1 && arg.endsWith(q)) return arg.slice(1, -1);
  return arg;
}

/** True when only white space stands between the start of the line and `i`. */
function lineStart(script: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = script.charCodeAt(j);
    if (c === Ch.Newline) return true;
    if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.Return) return false;
  }
  return true;
}

/** The client's string: ends at the same quote character, a backslash escaping the next one. */
function clientStringEnd(script: string, start: number, quote: number): number {
  const n = script.length;
  let i = start + 1;
  while (i < n) {
    const c = script.charCodeAt(i);
    if (c === Ch.Backslash) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return n;
}

/** MySQL's and MariaDB's lexer, as the dialect exposes it. */
export const mysqlLexer: SqlLexer = { scan, split };
