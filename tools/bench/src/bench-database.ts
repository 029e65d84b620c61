import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type Driver, open } from '@itinerary/db-core';
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
  const db = await open(driver, dsn);
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
