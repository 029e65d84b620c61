/**
 * What the layer needs to know about SQL text, and the contract each dialect's lexer fulfils.
 * The lexers themselves live with their dialect (dialects/<name>/<name>-lexer.ts) because
 * each follows its own server's rules for strings, identifiers and comments.
 */

/** A parameter written in the server's own syntax (`$1`, `?1`, `:name`), which the layer does not bind. */
export interface ForeignParameter {
  /** Offset of its first character in the statement. */
  offset: number;
  /** The parameter as written. */
  text: string;
}

/** What a lexer found in one statement: where the layer's `?` placeholders are. */
export interface PlaceholderScan {
  /** Offsets of every `?` the server would read as a token of its own, outside literals and comments. */
  placeholders: number[];
  /** Native parameter forms outside literals and comments; the layer refuses them. */
  foreign: ForeignParameter[];
  /**
   * Why the statement cannot be compiled whatever its parameters (a `?` whose meaning depends
   * on the server's version); undefined when it can.
   */
  refusal?: string | undefined;
}

/** One statement of a script, as a dialect's lexer cut it. */
export interface ScriptStatement {
  /** The statement with the comments that lead up to it, without its `;` or surrounding white space. */
  text: string;
  /** The same from its first token of code on: what the command-line client sends. */
  code: string;
}

/** One dialect's reading of SQL text, as its server and its command-line client read it. */
export interface SqlLexer {
  /** Finds the placeholders of one statement as the server reads it. */
  scan(sql: string): PlaceholderScan;
  /**
   * Cuts a script into the statements the server's own command-line client (psql, mariadb,
   * sqlite3) would send, each without its terminating `;`; stretches holding only comments
   * or white space are dropped.
   */
  split(script: string): ScriptStatement[];
}

/**
 * Splits a script into its statements the way the dialect's command-line client does (the
 * text of each keeps the comments that lead up to it).
 */
export function splitStatements(script: string, lexer: SqlLexer): string[] {
  return lexer.split(script).map((s) => s.text);
}

/**
 * Collects statements while a lexer walks a script: the lexer reports where code starts and
 * where a statement ends; stretches with no code (only comments or white space) are dropped.
 */
export class StatementCollector {
  private from = 0;
  private start = -1;
  readonly statements: ScriptStatement[] = [];

  constructor(private readonly script: string) {}

  /** True while the current statement holds no code yet. */
  get empty(): boolean {
    return this.start === -1;
  }

  /** Marks `offset` as holding code; the first such offset starts the statement. */
  code(offset: number): void {
    if (this.start === -1) this.start = offset;
  }

  /** Leaves out everything before `offset` (a client command) from the next statement's text. */
  skip(offset: number): void {
    this.from = offset;
  }

  /** Ends the current statement at `offset`, where a terminator `length` long stands (or the script ends). */
  end(offset: number, length = 1): void {
    if (this.start !== -1) {
      this.statements.push({
        text: this.script.slice(this.from, offset).trim(),
        code: this.script.slice(this.start, offset).trimEnd(),
      });
    }
    this.from = offset + length;
    this.start = -1;
  }
}

/** Character codes the lexers compare against, named so the rules read like their sources. */
export enum Ch {
  Tab = 9,
  Newline = 10,
  VTab = 11,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Hash = 35,
  Dollar = 36,
  Ampersand = 38,
  Quote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Dash = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Semicolon = 59,
  Question = 63,
  At = 64,
  UpperA = 65,
  UpperM = 77,
  UpperZ = 90,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  Backtick = 96,
  LowerA = 97,
  LowerZ = 122,
}

/** ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

/** ASCII letter, `_`, or any non-ASCII character (all three servers read those as letters). */
export function isLetter(c: number): boolean {
  return (
    (c >= Ch.LowerA && c <= Ch.LowerZ) ||
    (c >= Ch.UpperA && c <= Ch.UpperZ) ||
    c === Ch.Underscore ||
    c >= 128
  );
}

/** Offset just past a string or identifier opened at `start` by `quote`, where a doubled quote stands for one. */
export function skipDoubledQuote(
  sql: string,
  start: number,
  quote: number,
  backslashEscapes: boolean,
): number {
  const n = sql.length;
  let i = start + 1;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else if (backslashEscapes && c === Ch.Backslash) {
      i += 2;
    } else {
      i++;
    }
  }
  // Unterminated: the rest is inside the literal; the server refuses the statement.
  return n;
}

/** Offset of the line end that closes a `--` or `#` comment starting at `start` (or the end of `sql`). */
export function lineCommentEnd(sql: string, start: number, alsoReturn: boolean): number {
  const n = sql.length;
  for (let i = start; i < n; i++) {
    const c = sql.charCodeAt(i);
    if (c === Ch.Newline || (alsoReturn && c === Ch.Return)) return i;
  }
  return n;
}
