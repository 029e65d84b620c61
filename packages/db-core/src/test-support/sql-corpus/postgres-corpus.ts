import type { DialectCorpus } from './corpus-types.js';

// Sources: PostgreSQL's regression tests src/test/regress/sql/comments.sql and strings.sql
// (statements taken as written, a bound value added, and a `?` put where the lexer must not
// see a placeholder); the manual's "Lexical Structure" chapter (sql-syntax-lexical.html:
// nested comments, dollar quoting, escape strings); src/backend/parser/scan.l's rules where
// named; psql's cutting rules from src/fe_utils/psqlscan.l; issue 17's examples.
const COMMENTS = 'postgres comments.sql';
const STRINGS = 'postgres strings.sql';
const LEXICAL = 'postgres manual, Lexical Structure';
const SCAN = 'postgres scan.l';
const ISSUE = 'issue 17';

export const postgresCorpus: DialectCorpus = {
  driver: 'postgres',
  placeholders: [
    {
      source: `${COMMENTS}: trailing single line`,
      template: "SELECT 'trailing' AS first, {?} AS p -- trailing single line ?",
      values: ['a'],
    },
    {
      source: `${COMMENTS}: embedded single line`,
      template: "SELECT /* embedded single line ? */ 'embedded' AS second, {?} AS p",
      values: ['a'],
    },
    {
      source: `${COMMENTS}: both embedded and trailing`,
      template:
        "SELECT /* both embedded and trailing single line ? */ 'both' AS third, {?} AS p -- trailing single line ?",
      values: ['a'],
    },
    {
      source: `${COMMENTS}: multi-line comment holding SQL`,
      template:
        "SELECT 'before multi-line' AS fourth, {?} AS p\n/* This is an example of SQL which should not execute:\n * select 'multi-line?';\n */",
      values: ['a'],
    },
    {
      source: `${LEXICAL}: nested block comment`,
      template: 'SELECT {?} AS p /* multiline comment\n * with nesting: /* nested block comment ? */\n ? */',
      values: ['a'],
    },
    {
      source: `${ISSUE}: nested comment hides both ?`,
      template: 'SELECT /* outer /* inner ? */ still a comment ? */ {?} AS p',
      values: ['a'],
    },
    {
      source: `${SCAN}: xcstart inside a comment opens a level, so the comment is left open`,
      template: 'SELECT {?} AS p /* outer /* inner */ ?',
      values: ['a'],
      refused: true,
    },
    {
      source: `${SCAN}: -- ends at a carriage return`,
      template: "SELECT {?} AS p --c ?\r, 'x' AS q",
      values: ['a'],
    },
    {
      source: `${SCAN}: -- is a comment even straight after a number`,
      template: 'SELECT 10--? \n + {?} AS p',
      values: [1],
    },
    { source: `${SCAN}: ? straight after an operator`, template: 'SELECT 10-{?} AS p', values: [3] },
    {
      source: `${STRINGS}: SQL92 string continuation`,
      template:
        "SELECT 'first line'\n' - next line?'\n\t' - third line'\n\tAS \"Three lines to one\", {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: illegal string continuation (comment within)`,
      template:
        "SELECT 'first line'\n' - next line' /* this comment is not allowed here ? */\n' - third line'\n\tAS \"Illegal comment within continuation\", {?} AS p",
      values: ['a'],
      refused: true,
    },
    {
      source: `${STRINGS}: Unicode escapes in U& strings and identifiers`,
      template: 'SELECT U&\'d\\0061t\\+000061\' AS U&"d\\0061t\\+000061", {?} AS p',
      values: ['a'],
    },
    {
      source: `${STRINGS}: UESCAPE`,
      template: "SELECT U&'d!0061t\\+000061' UESCAPE '!' AS U&\"d*0061t\\+000061\" UESCAPE '*', {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: U&'a\\\\b'`,
      template: 'SELECT U&\'a\\\\b\' AS "a\\b", {?} AS p',
      values: ['a'],
    },
    {
      source: `${STRINGS}: tricky U& string (a backslash does not escape its quote)`,
      template: "SELECT U&' \\' UESCAPE '!' AS \"tricky\", {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: tricky U& identifier`,
      template: "SELECT 'tricky' AS U&\"\\\" UESCAPE '!', {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: wrong U& escape`,
      template: "SELECT U&'wrong: \\061 ?', {?} AS p",
      values: ['a'],
      refused: true,
    },
    {
      source: `${STRINGS}: wrong UESCAPE`,
      template: "SELECT U&'wrong: +0061' UESCAPE +, {?} AS p",
      values: ['a'],
      refused: true,
    },
    {
      source: `${STRINGS}: Unicode escapes in E strings`,
      template: 'SELECT E\'d\\u0061t\\U00000061\' AS "data", {?} AS p',
      values: ['a'],
    },
    { source: `${STRINGS}: E'a\\\\b'`, template: 'SELECT E\'a\\\\b\' AS "a\\b", {?} AS p', values: ['a'] },
    {
      source: `${STRINGS}: wrong E escape`,
      template: "SELECT E'wrong: \\u061 ?', {?} AS p",
      values: ['a'],
      refused: true,
    },
    {
      source: `${STRINGS}: bytea hex input through an E string`,
      template: "SELECT E'\\\\xDeAdBeEf'::bytea::text AS b, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: bytea escape input through an E string`,
      template: "SELECT E'De\\\\123dBeEf'::bytea::text AS b, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: backslash in a standard string is a character (SIMILAR TO)`,
      template: "SELECT 'abcd\\efg' SIMILAR TO '_bcd\\%' ESCAPE '' AS t, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: double quotes inside a string (SIMILAR … ESCAPE)`,
      template: "SELECT SUBSTRING('abcdefg' SIMILAR 'a#\"(b_d)#\"%' ESCAPE '#') AS \"bcd\", {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: regexp_replace with E-string back-references`,
      template:
        "SELECT regexp_replace('1112223333', E'(\\\\d{3})(\\\\d{3})(\\\\d{4})', E'(\\\\1) \\\\2-\\\\3') AS r, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: regexp_replace E'X\\\\&Y'`,
      template: "SELECT regexp_replace('foobarrbazz', E'(.)\\\\1', E'X\\\\&Y', 'g') AS r, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: regexp_matches with $re$ quotes`,
      template: "SELECT regexp_matches('foobarbequebaz', $re$(bar)(beque)?$re$)::text AS m, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: regexp_split_to_array with $re$\\s+$re$`,
      template: "SELECT regexp_split_to_array('the quick brown fox', $re$\\s+$re$)::text AS a, {?} AS p",
      values: ['a'],
    },
    {
      source: `${STRINGS}: LIKE pattern`,
      template: "SELECT 'hawkeye?' LIKE 'h%?' AS \"true\", {?} AS p",
      values: ['a'],
    },
    {
      source: `${LEXICAL}: dollar quote holding a quote`,
      template: "SELECT $$Dianne's horse?$$ AS a, {?} AS p",
      values: ['a'],
    },
    {
      source: `${LEXICAL}: tagged dollar quote`,
      template: "SELECT $SomeTag$Dianne's horse ? $SomeTag$ AS a, {?} AS p",
      values: ['a'],
    },
    {
      source: `${LEXICAL}: nested dollar quotes, $1 inside one is text`,
      template:
        'SELECT $function$ BEGIN RETURN ($1 ~ $q$[\\t\\r\\n\\v\\\\]$q$); END; ?$function$ AS body, {?} AS p',
      values: ['a'],
    },
    { source: `${ISSUE}: non-ASCII dollar tag`, template: 'SELECT $é$ ? $é$ AS a, {?} AS p', values: ['a'] },
    {
      source: `${SCAN}: dollar tag with digits`,
      template: 'SELECT $a1$ ? $a1$ AS a, {?} AS p',
      values: ['a'],
    },
    {
      source: `${SCAN}: dollar tags are case-sensitive`,
      template: 'SELECT $tag$ inner $TAG$ ? $tag$ AS a, {?} AS p',
      values: ['a'],
    },
    {
      source: `${ISSUE}: $ inside an identifier starts no quote`,
      template: 'SELECT 1 AS a$b$, {?} AS c$b$',
      values: ['a'],
    },
    {
      source: `${SCAN}: non-ASCII identifier ending in $$`,
      template: 'SELECT 1 AS é$$, {?} AS p',
      values: ['a'],
    },
    { source: `${ISSUE}: E'it\\'s' || ?`, template: "SELECT E'it\\'s' || {?} AS p", values: ['a'] },
    { source: `${ISSUE}: E'it\\'s ?' || ?`, template: "SELECT E'it\\'s ?' || {?} AS p", values: ['a'] },
    { source: `${SCAN}: lower-case e prefix`, template: "SELECT e'x\\\\' || {?} AS p", values: ['a'] },
    {
      source: `${SCAN}: a longer word before a quote is no prefix (typed literal)`,
      template: "SELECT date'2020-01-01'::text AS d, {?} AS p",
      values: ['a'],
    },
    {
      source: `${SCAN}: backslash ends nothing in a standard string`,
      template: "SELECT 'back\\' AS a, {?} AS p, '?' AS q",
      values: ['a'],
    },
    {
      source: `${SCAN}: N, B and X prefixes`,
      template: "SELECT N'national ?' AS n, B'1010'::text AS b, X'1F'::text AS x, {?} AS p",
      values: ['a'],
    },
    {
      source: `${SCAN}: doubled quote in a quoted identifier`,
      template: 'SELECT 1 AS "we""ird?", {?} AS p',
      values: ['a'],
    },
    {
      source: `${SCAN}: comment starters inside strings`,
      template: "SELECT '-- not a comment ?' AS a, '/* nor this ?' AS b, {?} AS p",
      values: ['a'],
    },
    {
      source: 'layer: placeholders numbered in order',
      template: "SELECT {?} || '-' || {?} || '-' || {?} AS p",
      values: ['a', 'b', 'c'],
    },
    { source: 'layer: placeholders side by side', template: 'SELECT {?}||{?} AS p', values: ['a', 'b'] },
    { source: 'layer: placeholder before a cast', template: 'SELECT {?}::int + 1 AS p', values: [41] },
    { source: 'layer: placeholder in parentheses', template: 'SELECT ({?}) AS "?column?"', values: ['a'] },
    {
      source: `${SCAN}: unterminated string`,
      template: "SELECT {?} AS p, 'unterminated ?",
      values: ['a'],
      refused: true,
    },
    {
      source: `${SCAN}: unterminated dollar quote`,
      template: 'SELECT {?} AS p, $$unterminated ?',
      values: ['a'],
      refused: true,
    },
    {
      source: `${SCAN}: unterminated E string (its last quote escaped)`,
      template: "SELECT {?} AS p, E'unterminated\\' ?",
      values: ['a'],
      refused: true,
    },
    {
      source: `${SCAN}: $1 inside a comment or a quoted name is no parameter`,
      template: 'SELECT {?} AS p /* $1 */, 1 AS "$1" -- $2',
      values: ['a'],
    },
    { source: `${SCAN}: -- at the very end`, template: 'SELECT {?} AS p --', values: ['a'] },
    {
      source: `${SCAN}: operator characters around a placeholder`,
      template: 'SELECT 2*-{?}::int AS p, 3<>{?}::int AS q',
      values: [3, 4],
    },
    {
      source: `${STRINGS}: E string with an escaped backslash before its quote`,
      template: "SELECT E'\\\\' AS a, {?} AS p, E'?\\'' AS b",
      values: ['a'],
    },
  ],
  refusals: [
    { source: `${ISSUE}: $1 mixed with ?`, sql: "SELECT $1::text || '|' || ?", values: ['a'], names: '$1' },
    { source: `${SCAN}: param $2 alone`, sql: 'SELECT $2::int', values: [], names: '$2' },
  ],
  splits: [
    {
      source: `${COMMENTS} as a script`,
      script: `CREATE TABLE {t}log (n int, v text);
INSERT INTO {t}log VALUES (1, 'trailing'); -- trailing single line; with a semicolon
INSERT INTO {t}log VALUES (2, /* embedded; single line */ 'embedded');
INSERT INTO {t}log VALUES (3, 'before multi-line');
/* This is an example of SQL which should not execute:
 * INSERT INTO {t}log VALUES (99, 'multi-line');
 */
INSERT INTO {t}log VALUES (4, 'after multi-line');

/* and this is the end of the file */
`,
      statements: 5,
      tables: ['log'],
    },
    {
      source: `${LEXICAL}: a nested comment holding a statement`,
      script: `CREATE TABLE {t}log (n int, v text);
/* outer /* inner; */ INSERT INTO {t}log VALUES (99, 'inside'); */
INSERT INTO {t}log VALUES (1, 'after nested');
`,
      statements: 2,
      tables: ['log'],
    },
    {
      source: `${STRINGS}: semicolons inside every kind of string`,
      script: `CREATE TABLE {t}log (n int, v text);
INSERT INTO {t}log VALUES (1, E'it\\'s; one');
INSERT INTO {t}log VALUES (2, 'back\\'); INSERT INTO {t}log VALUES (3, 'slash');
INSERT INTO {t}log VALUES (4, $$a;b$$), (5, $x$c;$$;d$x$);
INSERT INTO {t}log VALUES (6, 'first;'
'continued');
INSERT INTO {t}log VALUES (7, U&'\\0061;');
`,
      statements: 7,
      tables: ['log'],
    },
    {
      source: 'psqlscan.l: a ; inside parentheses ends nothing (multi-action rule)',
      script: `CREATE TABLE {t}src (n int);
CREATE TABLE {t}log (n int, v text);
CREATE RULE {t}r AS ON INSERT TO {t}src DO ALSO (INSERT INTO {t}log VALUES (NEW.n, 'one'); INSERT INTO {t}log VALUES (NEW.n, 'two'));
INSERT INTO {t}src VALUES (1);
`,
      statements: 4,
      tables: ['log'],
    },
    {
      source: 'psqlscan.l: BEGIN ATOMIC bodies of CREATE [OR REPLACE] FUNCTION|PROCEDURE',
      script: `CREATE TABLE {t}log (n int, v text);
CREATE FUNCTION {t}f(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO {t}log VALUES (x, 'in body');
  SELECT CASE WHEN x > 0 THEN x ELSE 0 END;
END;
CREATE OR REPLACE PROCEDURE {t}p() LANGUAGE sql BEGIN ATOMIC INSERT INTO {t}log VALUES (2, 'proc'); END;
SELECT {t}f(1);
CALL {t}p();
`,
      statements: 5,
      tables: ['log'],
    },
    {
      source: `${LEXICAL}: a PL/pgSQL body in a dollar quote`,
      script: `CREATE TABLE {t}log (n int, v text);
CREATE FUNCTION {t}g(int) RETURNS void AS $body$
BEGIN
  INSERT INTO {t}log VALUES ($1, 'plpgsql; with $$ inside');
END;
$body$ LANGUAGE plpgsql;
SELECT {t}g(5);
`,
      statements: 3,
      tables: ['log'],
    },
    {
      source: 'psql: empty statements, and a last statement without ; run at the end of the file',
      script: `CREATE TABLE {t}log (n int, v text);;
;
INSERT INTO {t}log VALUES (1, 'x') -- end; no newline`,
      statements: 2,
      tables: ['log'],
    },
    {
      source: 'psqlscan.l: a SQL-standard RETURN body and words after a routine head',
      script: `CREATE TABLE {t}log (n int, v text);
CREATE FUNCTION {t}h(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x + 1;
INSERT INTO {t}log VALUES ({t}h(1), 'begin; end');
CREATE FUNCTION {t}k() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END;
INSERT INTO {t}log VALUES ({t}k(), 'after case');
`,
      statements: 5,
      tables: ['log'],
    },
  ],
};
