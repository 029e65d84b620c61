import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { open } from '../open.js';
import type { DialectTarget } from './dialect-targets.js';

/** A database of its own for one test file, and the way to throw it away. */
export interface ScratchDatabase {
  dsn: string;
  name: string;
  /** What to open it with: the target's driver, `dsn` and the settings the target needs. */
  config: Config;
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the target's server (a temporary file for SQLite), so test
 * files run in parallel without seeing each other's rows. Behind PgBouncer it is created on
 * the server and reached through the pooler.
 */
export async function createScratchDatabase(target: DialectTarget): Promise<ScratchDatabase> {
  const name = `itest_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (target.driver === 'sqlite3') {
    const path = join(tmpdir(), `${name}.db`);
    return {
      dsn: path,
      name,
      config: { driver: target.driver, dsn: path, ...target.options },
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) await rm(`${path}${suffix}`, { force: true });
      },
    };
  }
  if (!target.adminDsn) throw new Error(`${target.driver} is not configured for tests`);
  const admin = await open(target.driver, target.adminDsn);
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(target.connectDsn ?? target.adminDsn);
  url.pathname = `/${name}`;
  const dsn = url.toString();
  return {
    dsn,
    name,
    config: { driver: target.driver, dsn, ...target.options },
    drop: async () => {
      const dropper = await open(target.driver, target.adminDsn as string);
      try {
        const force = target.driver === 'postgres' ? ' WITH (FORCE)' : '';
        await dropper.exec(`DROP DATABASE IF EXISTS ${name}${force}`);
      } finally {
        await dropper.close();
      }
    },
  };
}
