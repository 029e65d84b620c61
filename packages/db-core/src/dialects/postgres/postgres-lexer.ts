import {
  Ch,
  type ForeignParameter,
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
 * PostgreSQL's reading of SQL text, after the server's own lexer (src/backend/parser/scan.l)
 * with `standard_conforming_strings = on` (the default since 9.1), and psql's statement
 * cutting (src/fe_utils/psqlscan.l) for migration files.
 */

enum Tok {
  Space,
  Comment,
  Word,
  Literal,
  Placeholder,
  Param,
  Semi,
  Open,
  Close,
  Other,
}

// Where the last token read ends; one module-level slot instead of an object per token.
let tokenEnd = 0;

/** scan.l's `ident_cont`: letters, digits, `_`, `$` and every non-ASCII character. */
function isIdentCont(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Ch.Dollar;
}

/** scan.l's `space`: [ \t\n\r\f\v]. */
function isSpace(c: number): boolean {
  return c === Ch.Space || (c >= Ch.Tab && c <= Ch.Return);
}

/** Reads the token at `i` (which is below sql.length) and sets `tokenEnd`. */
function readToken(sql: string, i: number): Tok {
  const n = sql.length;
  const c = sql.charCodeAt(i);
  const next = sql.charCodeAt(i + 1);
  if (isSpace(c)) {
    let j = i + 1;
    while (j < n && isSpace(sql.charCodeAt(j))) j++;
    tokenEnd = j;
    return Tok.Space;
  }
  if (c === Ch.Dash && next === Ch.Dash) {
    // `--` starts a comment anywhere, even inside what would be an operator.
    tokenEnd = lineCommentEnd(sql, i + 2, true);
    return Tok.Comment;
  }
  if (c === Ch.Slash && next === Ch.Star) {
    tokenEnd = blockCommentEnd(sql, i);
    return Tok.Comment;
  }
  if (c === Ch.Quote) {
    tokenEnd = skipDoubledQuote(sql, i, Ch.Quote, false);
    return Tok.Literal;
  }
  if (c === Ch.DoubleQuote) {
    tokenEnd = skipDoubledQuote(sql, i, Ch.DoubleQuote, false);
    return Tok.Literal;
  }
  if (c === Ch.Question) {
    tokenEnd = i + 1;
    return Tok.Placeholder;
  }
  if (c === Ch.Semicolon) {
    tokenEnd = i + 1;
    return Tok.Semi;
  }
  if (c === Ch.OpenParen) {
    tokenEnd = i + 1;
    return Tok.Open;
  }
  if (c === Ch.CloseParen) {
    tokenEnd = i + 1;
    return Tok.Close;
  }
  if (c === Ch.Dollar) {
    if (isDigit(next)) {
      // `param`: $ followed by a decimal integer (digits, single underscores between them).
      let j = i + 1;
      while (j < n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === Ch.Underscore)) j++;
      tokenEnd = j;
      return Tok.Param;
    }
    const delimEnd = dollarDelimiterEnd(sql, i);
    if (delimEnd > 0) {
      const close = sql.indexOf(sql.slice(i, delimEnd), delimEnd);
      tokenEnd = close === -1 ? n : close + (delimEnd - i);
      return Tok.Literal;
    }
    // `dolqfailed`: a lone `$` is a character of its own; what follows is read afresh.
    tokenEnd = i + 1;
    return Tok.Other;
  }
  if (isLetter(c)) {
    let j = i + 1;
    while (j < n && isIdentCont(sql.charCodeAt(j))) j++;
    tokenEnd = j;
    // A one-letter word directly before a quote is a string prefix (E'', B'', X'', N'', U&'').
    if (j === i + 1) {
      const q = sql.charCodeAt(j);
      const lower = c | 0x20;
      if (q === Ch.Quote) {
        if (lower === 0x65 /* e */) {
          tokenEnd = skipDoubledQuote(sql, j, Ch.Quote, true);
          return Tok.Literal;
        }
        if (lower === 0x62 /* b */ || lower === 0x78 /* x */ || lower === 0x6e /* n */) {
          tokenEnd = skipDoubledQuote(sql, j, Ch.Quote, false);
          return Tok.Literal;
        }
      } else if (lower === 0x75 /* u */ && q === Ch.Ampersand) {
        const q2 = sql.charCodeAt(j + 1);
        if (q2 === Ch.Quote || q2 === Ch.DoubleQuote) {
          tokenEnd = skipDoubledQuote(sql, j + 1, q2, false);
          return Tok.Literal;
        }
      }
    }
    return Tok.Word;
  }
  if (isDigit(c)) {
    // Numbers, including trailing junk the server refuses (`123abc`): what matters is that
    // no quote, `$` or `?` is swallowed.
    let j = i + 1;
    while (j < n) {
      const d = sql.charCodeAt(j);
      if (isDigit(d) || isLetter(d) || (d === Ch.Dot && sql.charCodeAt(j + 1) !== Ch.Dot)) j++;
      else break;
    }
    tokenEnd = j;
    return Tok.Other;
  }
  tokenEnd = i + 1;
  return Tok.Other;
}

/** End of a block comment opened at `start`; PostgreSQL nests them (`xc` state, `xcdepth`). */
function blockCommentEnd(sql: string, start: number): number {
  const n = sql.length;
  let depth = 1;
  let i = start + 2;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === Ch.Slash && sql.charCodeAt(i + 1) === Ch.Star) {
      depth++;
      i += 2;
    } else if (c === Ch.Star && sql.charCodeAt(i + 1) === Ch.Slash) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  // Unterminated: the server refuses it ("unterminated /* comment").
  return n;
}

/**
 * End of a dollar-quote delimiter (`dolqdelim`: `$`, an optional tag of `dolq_start`
 * `dolq_cont`*, `$`) starting at `start`, or 0. Tags take letters, `_`, digits (not first) and
 * any non-ASCII character, but not `$`.
 */
function dollarDelimiterEnd(sql: string, start: number): number {
  const n = sql.length;
  let j = start + 1;
  if (j < n && sql.charCodeAt(j) === Ch.Dollar) return j + 1;
  if (j >= n || !isLetter(sql.charCodeAt(j))) return 0;
  j++;
  while (j < n) {
    const c = sql.charCodeAt(j);
    if (c === Ch.Dollar) return j + 1;
    if (!isLetter(c) && !isDigit(c)) return 0;
    j++;
  }
  return 0;
}

function scan(sql: string): PlaceholderScan {
  const placeholders: number[] = [];
  const foreign: ForeignParameter[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const tok = readToken(sql, i);
    if (tok === Tok.Placeholder) placeholders.push(i);
    else if (tok === Tok.Param) foreign.push({ offset: i, text: sql.slice(i, tokenEnd) });
    i = tokenEnd;
  }
  return { placeholders, foreign };
}

/**
 * psql's cutting: a `;` ends the statement only outside parentheses and outside the
 * `BEGIN … END` body of a `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (SQL-standard bodies),
 * tracked with psqlscan.l's own heuristic on the statement's first words.
 */
function split(script: string): ScriptStatement[] {
  const out = new StatementCollector(script);
  const n = script.length;
  let parenDepth = 0;
  let beginDepth = 0;
  let wordCount = 0;
  let heads = '';
  let i = 0;
  while (i < n) {
    const tok = readToken(script, i);
    const end = tokenEnd;
    if (tok === Tok.Semi) {
      if (parenDepth === 0 && beginDepth === 0) {
        out.end(i);
        wordCount = 0;
        heads = '';
      } else {
        out.code(i);
      }
    } else if (tok !== Tok.Space && tok !== Tok.Comment) {
      out.code(i);
      if (tok === Tok.Open) parenDepth++;
      else if (tok === Tok.Close && parenDepth > 0) parenDepth--;
      else if (tok === Tok.Word) {
        const word = script.slice(i, end).toLowerCase();
        // psqlscan.l records the first letter of the first four words when they are one of
        // create/function/procedure/or/replace, and a NUL for any other word.
        if (wordCount < 4) {
          const tracked =
            word === 'create' ||
            word === 'function' ||
            word === 'procedure' ||
            word === 'or' ||
            word === 'replace';
          heads += tracked ? word[0] : '-';
        }
        wordCount++;
        if (parenDepth === 0 && isRoutineHead(heads)) {
          if (word === 'begin') beginDepth++;
          else if (word === 'case') {
            if (beginDepth >= 1) beginDepth++;
          } else if (word === 'end' && beginDepth > 0) beginDepth--;
        }
      }
    }
    i = end;
  }
  out.end(n);
  return out.statements;
}

/** `CREATE FUNCTION`, `CREATE PROCEDURE`, `CREATE OR REPLACE FUNCTION|PROCEDURE`. */
function isRoutineHead(heads: string): boolean {
  if (heads[0] !== 'c') return false;
  const second = heads[1];
  if (second === 'f' || second === 'p') return true;
  return second === 'o' && heads[2] === 'r' && (heads[3] === 'f' || heads[3] === 'p');
}

/** PostgreSQL's lexer, as the dialect exposes it. */
export const postgresLexer: SqlLexer = { scan, split };
