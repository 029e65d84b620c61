import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { dialectFor } from './dialects/dialect-registry.js';
import type { Driver } from './driver.js';
import { UsageError } from './errors.js';
import type { Row } from './executor.js';
import { openWithConfig } from './open.js';
import { splitStatements } from './sql-scanner.js';
import type { DialectCorpus, PlaceholderCase } from './test-support/sql-corpus/corpus-types.js';
import { mysqlCorpus } from './test-support/sql-corpus/mysql-corpus.js';
import { postgresCorpus } from './test-support/sql-corpus/postgres-corpus.js';
import { sqliteCorpus } from './test-support/sql-corpus/sqlite-corpus.js';
import { createScratchDatabase, dialectTargets, type ScratchDatabase } from './testing/index.js';

// The server is the oracle. Each placeholder case runs twice on the same server: through the
// layer with its values bound, and through the raw driver with the values written in as
// literals; the rows must be equal, or both must be refused. Each split case runs through the
// server's own command-line client and through the layer's splitter; the tables left behind
// must be equal.

const CORPORA: Record<Driver, DialectCorpus> = {
  postgres: postgresCorpus,
  mysql: mysqlCorpus,
  sqlite3: sqliteCorpus,
};

const run = promisify(execFile);

/** A value written as the server reads a literal: MySQL also reads backslashes in strings. */
function literal(driver: Driver, value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = value.replaceAll("'", "''");
  if (driver === 'mysql') text = text.replaceAll('\\', '\\\\');
  return `'${text}'`;
}

function fill(template: string, fillers: readonly string[]): string {
  let i = 0;
  return template.replaceAll('{?}', () => {
    const value = fillers[i++];
    if (value === undefined) throw new Error(`the template has more {?} than values: ${template}`);
    return value;
  });
}

function withLiterals(driver: Driver, c: PlaceholderCase): string {
  const sql = fill(
    c.template,
    c.values.map((v) => literal(driver, v)),
  );
  if (c.template.split('{?}').length - 1 !== c.values.length)
    throw new Error(`template and values disagree: ${c.template}`);
  return sql;
}

/** Rows as text, so the text and binary protocols' types compare equal. */
function normalise(rows: readonly Row[]): Record<string, string | null>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v === null || v === undefined ? null : Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : String(v),
      ]),
    ),
  );
}

/** The driver's own error code, from a raw driver error or the layer's wrapped one. */
function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.code ?? e?.cause?.code;
  return code === undefined ? undefined : String(code);
}

interface RawClient {
  query(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

async function rawClient(driver: Driver, dsn: string, sqlMode: string | undefined): Promise<RawClient> {
  if (driver === 'postgres') {
    const client = new pg.Client({ connectionString: dsn });
    await client.connect();
    return { query: async (sql) => (await client.query(sql)).rows, close: () => client.end() };
  }
  if (driver === 'mysql') {
    const conn = await mysql.createConnection({ uri: dsn, supportBigNumbers: true, bigNumberStrings: true });
    // The layer's session reads "…" as an identifier (ANSI_QUOTES); the oracle reads it the same way.
    await conn.query('SET SESSION sql_mode = ?', [sqlMode]);
    return {
      query: async (sql) => (await conn.query(sql))[0] as Row[],
      close: () => conn.end(),
    };
  }
  const db = new BetterSqlite3(dsn);
  return {
    query: async (sql) => db.prepare(sql).all() as Row[],
    close: async () => {
      db.close();
    },
  };
}

async function outcome<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

for (const target of dialectTargets()) {
  const corpus = CORPORA[target.driver];
  describe.skipIf(!target.available)(`[${target.name}] SQL text read as the server reads it`, () => {
    let scratch: ScratchDatabase;
    let db: Database;
    let raw: RawClient;
    let sqlMode: string | undefined;

    beforeAll(async () => {
      scratch = await createScratchDatabase(target);
      db = await openWithConfig(scratch.config);
      if (target.driver === 'mysql') {
        sqlMode = String((await db.query('SELECT @@SESSION.sql_mode AS m'))[0]?.m);
      }
      raw = await rawClient(target.driver, scratch.dsn, sqlMode);
    });
    afterAll(async () => {
      await raw?.close();
      await db?.close();
      await scratch?.drop();
    });

    it.each(corpus.placeholders.map((c) => [c.source, c] as const))(
      'placeholders: %s',
      async (_source, c) => {
        const literalSql = withLiterals(target.driver, c);
        const layerSql = c.template.replaceAll('{?}', '?');
        const expected = await outcome(() => raw.query(literalSql));
        const actual = await outcome(() => db.query(layerSql, [...c.values]));
        // The corpus says what the server does; if the server disagrees the case is wrong.
        expect(expected.ok, `the server ${expected.ok ? 'accepts' : 'refuses'}: ${literalSql}`).toBe(
          !c.refused,
        );
        if (expected.ok) {
          expect(expected.value.length, 'an accepted case returns rows').toBeGreaterThan(0);
          if (!actual.ok) throw actual.error;
          expect(normalise(actual.value)).toEqual(normalise(expected.value));
        } else {
          expect(actual.ok, `the layer ran what the server refuses: ${layerSql}`).toBe(false);
          if (!actual.ok && !(actual.error instanceof UsageError)) {
            // Passed through: the server refused it for the same reason.
            expect(codeOf(actual.error)).toBe(codeOf(expected.error));
          }
        }
      },
    );

    it.each(corpus.refusals.map((c) => [c.source, c] as const))(
      'refused by the layer: %s',
      async (_source, c) => {
        const attempt = outcome(() => db.query(c.sql, [...c.values]));
        const result = await attempt;
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(UsageError);
          expect((result.error as Error).message).toContain(c.names);
        }
      },
    );

    describe('migration files cut as the command-line client cuts them', () => {
      let cliScratch: ScratchDatabase;
      let cliDb: Database;
      const files: string[] = [];

      beforeAll(async () => {
        cliScratch = await createScratchDatabase(target);
        cliDb = await openWithConfig(cliScratch.config);
      });
      afterAll(async () => {
        await cliDb?.close();
        await cliScratch?.drop();
        for (const f of files) await rm(f, { force: true });
      });

      async function runClient(script: string): Promise<void> {
        const file = join(tmpdir(), `itest_split_${process.pid}_${randomBytes(4).toString('hex')}.sql`);
        files.push(file);
        await writeFile(file, script);
        if (target.driver === 'postgres') {
          await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', cliScratch.dsn, '-f', file]);
        } else if (target.driver === 'mysql') {
          const url = new URL(cliScratch.dsn);
          const args = [
            `--init-command=SET SESSION sql_mode='${sqlMode}'`,
            '-h',
            url.hostname,
            '-P',
            url.port || '3306',
            '-u',
            decodeURIComponent(url.username),
            ...(url.password ? [`-p${decodeURIComponent(url.password)}`] : []),
            url.pathname.slice(1),
            '-e',
            `source ${file}`,
          ];
          await run('mariadb', args);
        } else {
          await run('sqlite3', ['-bail', cliScratch.dsn, `.read ${file}`]);
        }
      }

      it.each(corpus.splits.map((c, i) => [c.source, c, i] as const))('%s', async (_source, c, i) => {
        const prefix = `s${i}_`;
        const script = c.script.replaceAll('{t}', prefix);
        const statements = splitStatements(script, dialectFor(target.driver).sqlLexer);
        expect(statements).toHaveLength(c.statements);
        await runClient(script);
        for (const statement of statements) await db.exec(statement);
        for (const table of c.tables) {
          const select = `SELECT * FROM ${prefix}${table} ORDER BY 1`;
          const viaClient = normalise(await cliDb.query(select));
          expect(viaClient.length, `the client's run left rows in ${table}`).toBeGreaterThan(0);
          expect(normalise(await db.query(select))).toEqual(viaClient);
        }
      });
    });
  });
}
