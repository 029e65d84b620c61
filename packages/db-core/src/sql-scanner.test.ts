import { describe, expect, it } from 'vitest';
import { compileSql } from './compile-sql.js';
import { mysqlDialect } from './dialects/mysql/mysql-dialect.js';
import { postgresDialect } from './dialects/postgres/postgres-dialect.js';
import { sqliteDialect } from './dialects/sqlite/sqlite-dialect.js';
import { UsageError } from './errors.js';
import { splitStatements } from './sql-scanner.js';

// The lexers' answers on their own; sql-conformance.test.ts checks the same readings against
// the servers themselves. Each example below is one of issue 17's, which went wrong before.
const count = (dialect: typeof postgresDialect, sql: string) =>
  dialect.sqlLexer.scan(sql).placeholders.length;

describe('placeholders', () => {
  it('numbers PostgreSQL placeholders and leaves ? inside literals, identifiers and comments alone', () => {
    const sql = `SELECT '?', "we?ird", $tag$ ? $tag$, x -- why?\n FROM t /* ? */ WHERE a = ? AND b = ?`;
    expect(compileSql(postgresDialect, sql, 2)).toBe(
      `SELECT '?', "we?ird", $tag$ ? $tag$, x -- why?\n FROM t /* ? */ WHERE a = $1 AND b = $2`,
    );
  });

  it('reads PostgreSQL escape strings, nested comments and dollar tags as scan.l does', () => {
    expect(compileSql(postgresDialect, "SELECT E'it\\'s' || ?", 1)).toBe("SELECT E'it\\'s' || $1");
    expect(compileSql(postgresDialect, "SELECT E'it\\'s ?' || ?", 1)).toBe("SELECT E'it\\'s ?' || $1");
    expect(compileSql(postgresDialect, 'SELECT /* outer /* inner ? */ still a comment ? */ ?', 1)).toBe(
      'SELECT /* outer /* inner ? */ still a comment ? */ $1',
    );
    expect(compileSql(postgresDialect, 'SELECT $é$ ? $é$, ?', 1)).toBe('SELECT $é$ ? $é$, $1');
    // `$` inside a name starts no quote: a$b is one identifier, and both ? are placeholders.
    expect(count(postgresDialect, 'SELECT a$b, ? FROM t WHERE c$$ = ?')).toBe(2);
    // A name glued to `?` would swallow `$n`: the layer keeps them apart.
    expect(compileSql(postgresDialect, 'SELECT 1 WHERE 2=?and 3=?', 2)).toBe('SELECT 1 WHERE 2=$1 and 3=$2');
  });

  it("refuses PostgreSQL's own $n next to ?, naming it", () => {
    expect(() => compileSql(postgresDialect, "SELECT $1::text || '|' || ?", 1)).toThrow(UsageError);
    expect(() => compileSql(postgresDialect, "SELECT $1::text || '|' || ?", 1)).toThrow(
      /parameter \$1 \(offset 7\)/,
    );
    // Inside a literal it is text, not a parameter.
    expect(compileSql(postgresDialect, "SELECT '$1', ?", 1)).toBe("SELECT '$1', $1");
  });

  it('reads MySQL -- comments, executable comments and ANSI_QUOTES identifiers as the server does', () => {
    expect(count(mysqlDialect, 'SELECT 10--?')).toBe(1);
    expect(count(mysqlDialect, 'SELECT 10-- ?')).toBe(0);
    expect(count(mysqlDialect, 'SELECT 1 /*! + ? */')).toBe(1);
    expect(count(mysqlDialect, 'SELECT 1 /*M! + ? */')).toBe(1);
    expect(count(mysqlDialect, 'SELECT 1 /* + ? */')).toBe(0);
    expect(count(mysqlDialect, 'SELECT "a\\" AS x, ?')).toBe(1);
    expect(count(mysqlDialect, "SELECT 'it\\'s ?', `a?`, ? # and ?")).toBe(1);
    expect(() => compileSql(mysqlDialect, 'SELECT 1 /*!50700 + ? */', 1)).toThrow(
      /versioned executable comment/,
    );
  });

  it('reads SQLite brackets and refuses its native parameter forms', () => {
    expect(count(sqliteDialect, 'SELECT 1 AS [a?], ?')).toBe(1);
    for (const form of ['?1', ':name', '@name', '$name', '#name']) {
      expect(() => compileSql(sqliteDialect, `SELECT ${form}, ?`, 1)).toThrow(
        new RegExp(`parameter \\${form}`),
      );
    }
  });

  it('refuses a statement whose parameter count does not match its placeholders', () => {
    expect(() => compileSql(sqliteDialect, 'SELECT ? + ?', 1)).toThrow(UsageError);
    expect(() => compileSql(sqliteDialect, 'SELECT ? + ?', 1)).toThrow(/2 placeholder\(s\) but 1 parameter/);
    expect(() => compileSql(sqliteDialect, '   ', 0)).toThrow(/empty/);
  });
});

describe('splitStatements', () => {
  it('splits on semicolons outside literals and comments and drops empty statements', () => {
    const script = `CREATE TABLE a (x TEXT DEFAULT ';'); -- one; still a comment\n\n/* two; */ CREATE INDEX i ON a (x);\n-- trailing comment only\n`;
    expect(splitStatements(script, mysqlDialect.sqlLexer)).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT ';')",
      '-- one; still a comment\n\n/* two; */ CREATE INDEX i ON a (x)',
    ]);
    // What the client sends starts at the code.
    expect(mysqlDialect.sqlLexer.split(script)[1]?.code).toBe('CREATE INDEX i ON a (x)');
  });

  it('keeps a SQLite trigger body and a PostgreSQL BEGIN ATOMIC body in one statement', () => {
    const trigger =
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); DELETE FROM c; END;\nSELECT 1;';
    expect(splitStatements(trigger, sqliteDialect.sqlLexer)).toEqual([
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); DELETE FROM c; END',
      'SELECT 1',
    ]);
    const atomic =
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3;';
    expect(splitStatements(atomic, postgresDialect.sqlLexer)).toEqual([
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END',
      'SELECT 3',
    ]);
  });
});
