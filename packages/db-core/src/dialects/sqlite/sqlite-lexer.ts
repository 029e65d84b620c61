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
 * SQLite's reading of SQL text, after its tokenizer (src/tokenize.c, `sqlite3GetToken`), and
 * the sqlite3 shell's statement cutting, which follows `sqlite3_complete` (src/complete.c).
 */

enum Tok {
  Space,
  Word,
  Literal,
  Placeholder,
  Param,
  Semi,
  Other,
}

let tokenEnd = 0;

/** tokenize.c's `IdChar`: letters, digits, `_`, `$` and every byte of a non-ASCII character. */
function isIdChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Ch.Dollar;
}

/** CC_SPACE: space, \t, \n, \f, \r. */
function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.Newline || c === Ch.FormFeed || c === Ch.Return;
}

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
    tokenEnd = lineCommentEnd(sql, i + 2, false);
    return Tok.Space;
  }
  if (c === Ch.Slash && next === Ch.Star) {
    // Block comments do not nest; one left open runs to the end of the text, without error.
    const close = sql.indexOf('*/', i + 2);
    tokenEnd = close === -1 ? n : close + 2;
    return Tok.Space;
  }
  if (c === Ch.Quote || c === Ch.DoubleQuote || c === Ch.Backtick) {
    tokenEnd = skipDoubledQuote(sql, i, c, false);
    return Tok.Literal;
  }
  if (c === Ch.OpenBracket) {
    // [name]: up to the first `]`, no escape.
    const close = sql.indexOf(']', i + 1);
    tokenEnd = close === -1 ? n : close + 1;
    return Tok.Literal;
  }
  if (c === Ch.Question) {
    // `?NNN` is a numbered parameter; a lone `?` the next one in order.
    let j = i + 1;
    while (j < n && isDigit(sql.charCodeAt(j))) j++;
    tokenEnd = j;
    return j === i + 1 ? Tok.Placeholder : Tok.Param;
  }
  if (c === Ch.Colon || c === Ch.At || c === Ch.Hash || c === Ch.Dollar) {
    // CC_VARALPHA / CC_DOLLAR: a named parameter when at least one IdChar follows; `$`
    // names also take TCL's `::` and a `(…)` suffix.
    let j = i + 1;
    let named = 0;
    while (j < n) {
      const d = sql.charCodeAt(j);
      if (isIdChar(d)) {
        named++;
        j++;
      } else if (d === Ch.OpenParen && named > 0) {
        const close = sql.indexOf(')', j + 1);
        const stop = close === -1 ? n : close + 1;
        // tokenize.c stops the suffix at white space; with none before `)` it belongs to the name.
        if (/\s/.test(sql.slice(j + 1, stop))) break;
        j = stop;
        break;
      } else if (d === Ch.Colon && sql.charCodeAt(j + 1) === Ch.Colon) {
        j += 2;
      } else {
        break;
      }
    }
    tokenEnd = named > 0 ? j : i + 1;
    return named > 0 ? Tok.Param : Tok.Other;
  }
  if (c === Ch.Semicolon) {
    tokenEnd = i + 1;
    return Tok.Semi;
  }
  if (isLetter(c)) {
    let j = i + 1;
    while (j < n && isIdChar(sql.charCodeAt(j))) j++;
    const lower = c | 0x20;
    if (j === i + 1 && lower === 0x78 /* x */ && sql.charCodeAt(j) === Ch.Quote) {
      tokenEnd = skipDoubledQuote(sql, j, Ch.Quote, false);
      return Tok.Literal;
    }
    tokenEnd = j;
    return Tok.Word;
  }
  if (isDigit(c) || (c === Ch.Dot && isDigit(next))) {
    // A number and any IdChars glued to it (TK_ILLEGAL), so `1$a` is one token.
    let j = i + 1;
    while (j < n) {
      const d = sql.charCodeAt(j);
      if (isIdChar(d) || d === Ch.Dot) j++;
      else if ((d === 0x2b || d === Ch.Dash) && (sql.charCodeAt(j - 1) | 0x20) === 0x65 && !isHex(sql, i))
        j++;
      else break;
    }
    tokenEnd = j;
    return Tok.Other;
  }
  tokenEnd = i + 1;
  return Tok.Other;
}

function isHex(sql: string, start: number): boolean {
  return sql.charCodeAt(start) === Ch.Zero && (sql.charCodeAt(start + 1) | 0x20) === 0x78;
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

// complete.c's states and token classes; a `;` that brings the machine back to START ends a
// statement, so the `;`s inside CREATE TRIGGER … BEGIN … END do not.
const START = 0;
const NORMAL = 1;
const EXPLAIN = 2;
const CREATE = 3;
const TRIGGER = 4;
const SEMI = 5;
const END = 6;
const tkSEMI = 0;
const tkWS = 1;
const tkOTHER = 2;
const tkEXPLAIN = 3;
const tkCREATE = 4;
const tkTEMP = 5;
const tkTRIGGER = 6;
const tkEND = 7;
const TRANSITIONS: readonly (readonly number[])[] = [
  /*            SEMI   WS     OTHER    EXPLAIN  CREATE  TEMP     TRIGGER  END */
  /* START   */ [START, START, NORMAL, EXPLAIN, CREATE, NORMAL, NORMAL, NORMAL],
  /* NORMAL  */ [START, NORMAL, NORMAL, NORMAL, NORMAL, NORMAL, NORMAL, NORMAL],
  /* EXPLAIN */ [START, EXPLAIN, NORMAL, NORMAL, CREATE, NORMAL, NORMAL, NORMAL],
  /* CREATE  */ [START, CREATE, NORMAL, NORMAL, NORMAL, CREATE, TRIGGER, NORMAL],
  /* TRIGGER */ [SEMI, TRIGGER, TRIGGER, TRIGGER, TRIGGER, TRIGGER, TRIGGER, TRIGGER],
  /* SEMI    */ [SEMI, SEMI, TRIGGER, TRIGGER, TRIGGER, TRIGGER, TRIGGER, END],
  /* END     */ [START, END, TRIGGER, TRIGGER, TRIGGER, TRIGGER, TRIGGER, TRIGGER],
];

function wordClass(word: string): number {
  switch (word.toLowerCase()) {
    case 'create':
      return tkCREATE;
    case 'trigger':
      return tkTRIGGER;
    case 'temp':
    case 'temporary':
      return tkTEMP;
    case 'end':
      return tkEND;
    case 'explain':
      return tkEXPLAIN;
    default:
      return tkOTHER;
  }
}

function split(script: string): ScriptStatement[] {
  const out = new StatementCollector(script);
  const n = script.length;
  let state = START;
  let i = 0;
  while (i < n) {
    const tok = readToken(script, i);
    const end = tokenEnd;
    let cls = tkOTHER;
    if (tok === Tok.Space) cls = tkWS;
    else if (tok === Tok.Semi) cls = tkSEMI;
    else if (tok === Tok.Word) cls = wordClass(script.slice(i, end));
    const nextState = (TRANSITIONS[state] as readonly number[])[cls] as number;
    if (cls === tkSEMI && nextState === START) out.end(i);
    else if (cls !== tkWS) out.code(i);
    state = nextState;
    i = end;
  }
  out.end(n);
  return out.statements;
}

/** SQLite's lexer, as the dialect exposes it. */
export const sqliteLexer: SqlLexer = { scan, split };
