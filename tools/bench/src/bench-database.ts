import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type Driver, open, openWithConfig } from '@itinerary/db-core';
import { migrate } from '@itinerary/db-schema';

/** A freshly migrated database for one dialect's benchmark, dropped at the end. */
export interface BenchDatabase {
  driver: Driver;
  /** What the raw client connects to: a URL, or the SQLite file path. */
  dsn: string;
  db: Database;
  drop(): Promise<void>;
}

/** Creates and migrates `itinerary_bench_*` on the server at `adminDsn` (a temp file for SQLite). */
export async function createBenchDatabase(
  driver: Driver,
  adminDsn: string | undefined,
): Promise<BenchDatabase> {
  const name = `itinerary_bench_${randomBytes(3).toString('hex')}`;
  let dsn: string;
  let dropDatabase: () => Promise<void>;
  if (driver === 'sqlite3') {
    dsn = join(tmpdir(), `${name}.db`);
    dropDatabase = async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${dsn}${suffix}`, { force: true });
    };
  } else {
    if (!adminDsn) throw new Error(`no URL for ${driver}`);
    const admin = await open(driver, adminDsn);
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = new URL(adminDsn);
    url.pathname = `/${name}`;
    dsn = url.toString();
    dropDatabase = async () => {
      const dropper = await open(driver, adminDsn);
      await dropper.exec(`DROP DATABASE IF EXISTS ${name}${driver === 'postgres' ? ' WITH (FORCE)' : ''}`);
      await dropper.close();
    };
  }
  // The pool shape of the raw and Kysely sides' pg.Pool and mysql2 pool (25 open, all kept
  // idle). The layer's default keeps 5 idle and closes the rest on release, so a burst of 16
  // reads opens 11 connections every time: 103 ms against 6.8 ms with 25 idle (PostgreSQL,
  // 16 getJob in flight, 2026-12-08). That is the setting's cost, not the layer's.
  const db = await openWithConfig({ driver, dsn, maxOpenConns: 25, maxIdleConns: 25 });
  await migrate(db);
  return {
    driver,
    dsn,
    db,
    drop: async () => {
      await db.close();
      await dropDatabase();
    },
  };
}
