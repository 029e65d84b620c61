import type { DialectCorpus } from './corpus-types.js';

// Sources: the MariaDB Knowledge Base pages "Comment Syntax" and "String Literals" and the
// MySQL manual's "Comments" and "String Literals" sections (their examples taken as written,
// a bound value added, and a `?` put where the lexer must not see a placeholder);
// sql/sql_lex.cc (MariaDB/server) for the rules named; the mysql client's add_line
// (client/mysql.cc) for splitting; issue 17's examples. The layer's session has ANSI_QUOTES.
const COMMENTS = 'MariaDB/MySQL manual, Comment Syntax';
const STRINGS = 'MariaDB/MySQL manual, String Literals';
const LEX = 'MariaDB sql_lex.cc';
const ISSUE = 'issue 17';

export const mysqlCorpus: DialectCorpus = {
  driver: 'mysql',
  placeholders: [
    {
      source: `${COMMENTS}: # to the end of the line`,
      template: 'SELECT 1+{?} AS p     # This comment continues to the end of line ?',
      values: [1],
    },
    {
      source: `${COMMENTS}: -- followed by a space`,
      template: 'SELECT 1+{?} AS p     -- This comment continues to the end of line ?',
      values: [1],
    },
    {
      source: `${COMMENTS}: in-line comment`,
      template: 'SELECT 1 /* this is an in-line comment ? */ + {?} AS p',
      values: [1],
    },
    {
      source: `${COMMENTS}: multiple-line comment`,
      template: 'SELECT 1+\n/*\nthis is a\nmultiple-line comment ?\n*/\n{?} AS p',
      values: [1],
    },
    { source: `${ISSUE}: 10--? is arithmetic`, template: 'SELECT 10--{?} AS p', values: [1] },
    { source: `${COMMENTS}: -- followed by a tab`, template: 'SELECT 10--\t? \n + {?} AS p', values: [1] },
    {
      source: `${LEX}: -- followed by a control character`,
      template: 'SELECT 10--\u0001?\n+{?} AS p',
      values: [1],
    },
    { source: `${LEX}: -- at the very end is a comment`, template: 'SELECT 2-{?} AS p --', values: [1] },
    {
      source: `${COMMENTS}: executable comment /*! … */ is SQL`,
      template: 'SELECT /*! 1 + */ {?} AS p',
      values: [2],
    },
    {
      source: `${ISSUE}: placeholder inside an executable comment`,
      template: 'SELECT 2 /*! + {?} */ AS p',
      values: [1],
    },
    {
      source: `${COMMENTS}: MariaDB-only executable comment /*M! … */`,
      template: 'SELECT 2 /*M! + {?} */ AS p',
      values: [1],
    },
    {
      source: `${COMMENTS}: versioned executable comment, version met`,
      template: 'SELECT 2 /*!50110 + 1 */ + {?} AS p',
      values: [1],
    },
    {
      source: `${COMMENTS}: versioned MariaDB comment, version met`,
      template: 'SELECT 2 /*M!100100 + 1 */ + {?} AS p',
      values: [1],
    },
    {
      source: `${COMMENTS}: versioned MariaDB comment, version not met`,
      template: 'SELECT 2 /*M!999999 + 1 */ + {?} AS p',
      values: [1],
    },
    {
      source: `${STRINGS}: quoting quotes`,
      template:
        "SELECT 'hello' AS a, '\"hello\"' AS b, '\"\"hello\"\"' AS c, 'hel''lo' AS d, '\\'hello?' AS e, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: \\n escapes`,
      template: "SELECT 'This\\nIs\\nFour\\nLines?' AS a, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: disappearing backslash`,
      template: "SELECT 'disappearing\\ backslash?' AS a, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: adjacent strings are concatenated`,
      template: "SELECT 'a' ' ' 'string?' AS a, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: escaped quote then ? then escaped backslash`,
      template: "SELECT 'q\\'?\\\\' AS a, {?} AS p",
      values: ['a'],
    },
    { source: `${STRINGS}: string ending in \\\\`, template: "SELECT '\\\\' AS a, {?} AS p", values: ['a'] },
    { source: `${STRINGS}: doubled quote`, template: "SELECT 'it''s ?' AS a, {?} AS p", values: ['a'] },
    {
      source: `${STRINGS}: comment starters inside strings`,
      template: "SELECT '#not a comment ?' AS a, '-- nor ?' AS b, '/* nor ?' AS c, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: character set introducers`,
      template: "SELECT _utf8mb4'abc?' AS a, N'nat?' AS b, _latin1'it\\'s' AS c, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: hexadecimal and bit literals`,
      template:
        "SELECT CAST(X'4D7953514C' AS CHAR) AS a, CAST(0x4D7953514C AS CHAR) AS b, B'0101'+0 AS c, {?} AS p",
      values: ['a'],
    },
    {
      source: `${ISSUE}: under ANSI_QUOTES "…" is an identifier`,
      template: 'SELECT "we?ird" AS v FROM (SELECT 1 AS "we?ird") t WHERE 1 = {?}',
      values: [1],
    },
    {
      source: `${ISSUE}: under ANSI_QUOTES a backslash escapes nothing in "…"`,
      template: 'SELECT 1 AS "a\\", {?} AS p',
      values: ['a'],
    },
    {
      source: `${LEX}: doubled " in an identifier`,
      template: 'SELECT 1 AS "x""y?", {?} AS p',
      values: ['a'],
    },
    { source: `${LEX}: backtick identifier`, template: 'SELECT 1 AS `a?``b`, {?} AS p', values: ['a'] },
    { source: `${LEX}: $ in an identifier`, template: 'SELECT 1 AS a$b, {?} AS p', values: ['a'] },
    {
      source: `${LEX}: system variables are no parameters`,
      template: "SELECT {?} AS p, @@SESSION.sql_mode LIKE '%ANSI_QUOTES%' AS a",
      values: ['a'],
    },
    {
      source: 'layer: placeholders in order',
      template: "SELECT CONCAT({?}, '-', {?}, '-', {?}) AS p",
      values: ['a', 'b', 'c'],
    },
    {
      source: `${LEX}: unterminated string`,
      template: "SELECT {?} AS p, 'unterminated ?",
      values: ['a'],
      refused: true,
    },
    {
      source: `${LEX}: unterminated backslash-escaped string`,
      template: "SELECT {?} AS p, 'unterminated\\'",
      values: ['a'],
      refused: true,
    },
    {
      source: `${STRINGS}: \\% and \\_ keep their backslash, \\Z and \\0 are escapes`,
      template: "SELECT '\\%?\\_' AS a, HEX('\\Z\\0') AS b, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: a double-quoted string inside a single-quoted one, with an escaped "`,
      template: 'SELECT \'say \\"?\\"\' AS a, {?} AS p',
      values: ['a'],
    },
    { source: `${LEX}: 0b bit literal`, template: 'SELECT 0b0101 + 0 + {?} AS p', values: [1] },
    {
      source: `${LEX}: # right after a value`,
      template: 'SELECT {?}# comment ?\n AS p',
      values: ['a'],
    },
    {
      source: `${LEX}: user variables are no parameters`,
      template: 'SELECT @v := {?} AS p',
      values: ['a'],
    },
  ],
  refusals: [
    {
      source: `${COMMENTS}: ? inside a versioned executable comment`,
      sql: 'SELECT 1 /*!50700 + ? */',
      values: [1],
      names: 'versioned executable comment',
    },
    {
      source: `${COMMENTS}: ? inside a versioned MariaDB comment`,
      sql: 'SELECT 1 /*M!100100 + ? */',
      values: [1],
      names: 'versioned executable comment',
    },
  ],
  splits: [
    {
      source: `${COMMENTS} as a script, comments holding ;`,
      script: `CREATE TABLE {t}log (n INT, v TEXT);
INSERT INTO {t}log VALUES (1, 'hash'); # comment; with semicolon
INSERT INTO {t}log VALUES (2, 'dash'); -- comment; with semicolon
INSERT INTO {t}log VALUES (3, /* in-line; comment */ 'inline');
/*
multiple-line; comment
INSERT INTO {t}log VALUES (99, 'no');
*/
INSERT INTO {t}log VALUES (4, 'after');
`,
      statements: 5,
      tables: ['log'],
    },
    {
      source: `${STRINGS}: semicolons and escapes in strings and quoted names`,
      script: `CREATE TABLE {t}log (n INT, v TEXT);
INSERT INTO {t}log VALUES (1, 'semi;colon'), (2, 'it\\'s; escaped'), (3, 'dou''ble;');
INSERT INTO {t}log VALUES (4, 'back\\\\'); INSERT INTO {t}log VALUES (5, 'x');
INSERT INTO {t}log (\`n\`, "v") VALUES (6, 'quoted names; ok');
`,
      statements: 5,
      tables: ['log'],
    },
    {
      source: `${COMMENTS}: --1 is no comment`,
      script: `CREATE TABLE {t}log (n INT, v TEXT);
INSERT INTO {t}log VALUES (10--1, 'minus minus');
`,
      statements: 2,
      tables: ['log'],
    },
    {
      source: `${COMMENTS}: executable comments as statements (mysqldump style)`,
      script: `CREATE TABLE {t}log (n INT, v TEXT) /*!50100 ENGINE=InnoDB */;
/*!40101 SET @saved = @@SESSION.sql_mode */;
INSERT INTO {t}log VALUES (1, 'after executable');
/*M!100100 INSERT INTO {t}log VALUES (2, 'mariadb only') */;
`,
      statements: 4,
      tables: ['log'],
    },
    {
      source: 'mysql client (client/mysql.cc): DELIMITER lines, for a procedure body holding ;',
      script: `CREATE TABLE {t}log (n INT, v TEXT);
DELIMITER //
CREATE PROCEDURE {t}p()
BEGIN
  INSERT INTO {t}log VALUES (1, 'one;');
  INSERT INTO {t}log VALUES (2, 'two');
END//
delimiter ;
CALL {t}p();
DELIMITER $$
INSERT INTO {t}log VALUES (3, 'three; $ is no delimiter')$$
`,
      statements: 4,
      tables: ['log'],
    },
  ],
};
