import { describe, expect, it } from 'vitest';
import { compileSql } from './compile-sql.js';
import { mysqlDialect } from './dialects/mysql/mysql-dialect.js';
import { postgresDialect } from './dialects/postgres/postgres-dialect.js';
import { sqliteDialect } from './dialects/sqlite/sqlite-dialect.js';
import { UsageError } from './errors.js';
import { scanSql, splitStatements } from './sql-scanner.js';

describe('placeholders', () => {
  it('numbers PostgreSQL placeholders and leaves ? inside literals, identifiers and comments alone', () => {
    const sql = `SELECT '?', "we?ird", $tag$ ? $tag$, x -- why?\n FROM t /* ? */ WHERE a = ? AND b = ?`;
    expect(compileSql(postgresDialect, sql, 2)).toBe(
      `SELECT '?', "we?ird", $tag$ ? $tag$, x -- why?\n FROM t /* ? */ WHERE a = $1 AND b = $2`,
    );
  });

  it('treats a doubled quote as an escaped quote, and MySQL backslash escapes and backticks', () => {
    expect(scanSql("SELECT 'it''s ?', ?", postgresDialect.scanRules).placeholders).toHaveLength(1);
    expect(scanSql("SELECT 'it\\'s ?', `a?`, ? # and ?", mysqlDialect.scanRules).placeholders).toHaveLength(
      1,
    );
    expect(scanSql('SELECT `a?`, ?', sqliteDialect.scanRules).placeholders).toHaveLength(1);
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
    expect(splitStatements(script, mysqlDialect.scanRules)).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT ';')",
      '-- one; still a comment\n\n/* two; */ CREATE INDEX i ON a (x)',
    ]);
  });
});
