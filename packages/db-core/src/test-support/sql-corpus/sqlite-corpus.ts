import type { DialectCorpus } from './corpus-types.js';

// Sources: SQLite's tokenizer src/tokenize.c (sqlite3GetToken's character classes), the
// manual pages lang_keywords.html (the four identifier quotings), lang_comment.html and
// lang_expr.html ("Parameters"), the sqlite3 shell's use of sqlite3_complete (src/complete.c)
// for splitting, and issue 17's examples.
const TOKENIZE = 'sqlite tokenize.c';
const KEYWORDS = 'sqlite lang_keywords.html';
const COMMENT = 'sqlite lang_comment.html';
const EXPR = 'sqlite lang_expr.html';
const COMPLETE = 'sqlite complete.c';
const ISSUE = 'issue 17';

export const sqliteCorpus: DialectCorpus = {
  driver: 'sqlite3',
  placeholders: [
    { source: `${ISSUE}: [bracketed] identifier`, template: 'SELECT 1 AS [a?], {?} AS p', values: ['a'] },
    {
      source: `${KEYWORDS}: "double-quoted" identifier`,
      template: 'SELECT 1 AS "a?""b", {?} AS p',
      values: ['a'],
    },
    { source: `${KEYWORDS}: \`grave\` identifier`, template: 'SELECT 1 AS `a?``b`, {?} AS p', values: ['a'] },
    { source: `${KEYWORDS}: brackets hold quotes`, template: 'SELECT 1 AS [x""y?], {?} AS p', values: ['a'] },
    {
      source: `${KEYWORDS}: brackets in quotes`,
      template: 'SELECT 1 AS "[?]", \'[?]\' AS b, {?} AS p',
      values: ['a'],
    },
    {
      source: `${TOKENIZE}: doubled quote in a string`,
      template: "SELECT 'it''s ?' AS a, {?} AS p",
      values: ['a'],
    },
    { source: `${TOKENIZE}: backslash is no escape`, template: "SELECT 'a\\' AS a, {?} AS p", values: ['a'] },
    {
      source: `${TOKENIZE}: blob literal`,
      template: "SELECT CAST(x'413F' AS TEXT) AS a, {?} AS p",
      values: ['a'],
    },
    { source: `${COMMENT}: -- comment`, template: 'SELECT {?} AS p -- comment ?', values: ['a'] },
    { source: `${COMMENT}: /* comment */`, template: 'SELECT {?} AS p /* comment ? */', values: ['a'] },
    {
      source: `${COMMENT}: a block comment left open runs to the end, without error`,
      template: 'SELECT {?} AS p /* unterminated comment ?',
      values: ['a'],
    },
    { source: `${COMMENT}: -- straight after a number`, template: 'SELECT 10--? \n+{?} AS p', values: [1] },
    { source: 'layer: placeholders side by side', template: 'SELECT {?}||{?} AS p', values: ['a', 'b'] },
    { source: `${TOKENIZE}: $ inside an identifier`, template: 'SELECT 1 AS a$b, {?} AS p', values: ['a'] },
    { source: `${TOKENIZE}: hex integer`, template: 'SELECT {?} + 0x10 AS p', values: [1] },
    { source: `${TOKENIZE}: float with exponent`, template: 'SELECT 1e3 + {?} AS p', values: [1] },
    {
      source: `${EXPR}: parameter forms inside a literal are text`,
      template: 'SELECT {?} AS p, \'$name :x @y ?1 #z\' AS a, "$x" AS "$x" FROM (SELECT 1 AS "$x")',
      values: ['a'],
    },
    {
      source: `${TOKENIZE}: unterminated string`,
      template: "SELECT {?} AS p, 'unterminated ?",
      values: ['a'],
      refused: true,
    },
    {
      source: `${TOKENIZE}: unterminated bracket`,
      template: 'SELECT {?} AS p, [unterminated ?',
      values: ['a'],
      refused: true,
    },
    {
      source: `${EXPR}: parameter forms inside comments are text`,
      template: 'SELECT {?} AS p /* ?1 :x @y $z */ -- #w',
      values: ['a'],
    },
    { source: `${TOKENIZE}: -- at the very end`, template: 'SELECT {?} AS p --', values: ['a'] },
    {
      source: `${TOKENIZE}: ? before a cast`,
      template: 'SELECT CAST({?} AS INTEGER) + 1 AS p',
      values: ['41'],
    },
    {
      source: `${KEYWORDS}: a keyword as a bracketed name`,
      template: 'SELECT [select] FROM (SELECT {?} AS [select])',
      values: ['a'],
    },
  ],
  refusals: [
    { source: `${EXPR}: ?NNN`, sql: 'SELECT ?1, ?', values: ['a'], names: '?1' },
    { source: `${EXPR}: :AAAA`, sql: 'SELECT :name, ?', values: ['a'], names: ':name' },
    { source: `${EXPR}: @AAAA`, sql: 'SELECT @name, ?', values: ['a'], names: '@name' },
    { source: `${EXPR}: $AAAA`, sql: 'SELECT $name, ?', values: ['a'], names: '$name' },
    { source: `${TOKENIZE}: #AAAA (CC_VARALPHA)`, sql: 'SELECT #name, ?', values: ['a'], names: '#name' },
  ],
  splits: [
    {
      source: `${COMPLETE}: the ; inside CREATE TRIGGER … BEGIN … END end nothing`,
      script: `CREATE TABLE {t}src (n INTEGER);
CREATE TABLE {t}log (n INTEGER, v TEXT);
CREATE TRIGGER {t}trg AFTER INSERT ON {t}src BEGIN
  INSERT INTO {t}log VALUES (NEW.n, 'one;');
  INSERT INTO {t}log VALUES (NEW.n, CASE WHEN NEW.n > 0 THEN 'pos' ELSE 'neg' END);
END;
INSERT INTO {t}src VALUES (1);
`,
      statements: 4,
      tables: ['log'],
    },
    {
      source: `${KEYWORDS} and ${COMMENT}: ; inside quotes, brackets and comments`,
      script: `CREATE TABLE {t}log (n INTEGER, [v;] TEXT);
INSERT INTO {t}log VALUES (1, 'semi;'); -- comment;
/* block; comment */ INSERT INTO {t}log VALUES (2, 'after block');
INSERT INTO {t}log ("n", \`v;\`) VALUES (3, 'quoted; names');
`,
      statements: 4,
      tables: ['log'],
    },
    {
      source: `${COMPLETE}: CREATE TEMP TRIGGER, and a last statement without ; run at the end`,
      script: `CREATE TABLE {t}src (n INTEGER);
CREATE TABLE {t}log (n INTEGER, v TEXT);
CREATE TEMP TRIGGER {t}trg AFTER INSERT ON {t}src BEGIN INSERT INTO {t}log VALUES (NEW.n, 'temp;'); END;
INSERT INTO {t}src VALUES (7)`,
      statements: 4,
      tables: ['log'],
    },
    {
      source: `${COMPLETE}: EXPLAIN before a statement, and a trigger whose body names END in a string`,
      script: `CREATE TABLE {t}src (n INTEGER);
CREATE TABLE {t}log (n INTEGER, v TEXT);
EXPLAIN SELECT 1;
CREATE TRIGGER {t}trg BEFORE INSERT ON {t}src BEGIN INSERT INTO {t}log VALUES (NEW.n, 'END;'); END;
INSERT INTO {t}src VALUES (8);
`,
      statements: 5,
      tables: ['log'],
    },
  ],
};
