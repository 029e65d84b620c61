import type { Database } from '@itinerary/db-core';
import { checkHistory } from './history-check.js';
import { readHistoryIfPresent } from './history-table.js';
import { loadMigrations } from './load-migrations.js';
import { migrationLockFor } from './lock-registry.js';
import { MigrationPartialError } from './migration-errors.js';
import type { MigrationStatus, StatusOptions } from './migration-types.js';
import { resolveMigrationsDir } from './migrations-dir.js';

/**
 * Reports the applied and pending migrations and every problem that would make `migrate`
 * refuse. It changes nothing and takes no lock, so it may run beside a deploy.
 */
export async function status(db: Database, options: StatusOptions = {}): Promise<MigrationStatus> {
  const driver = db.driver;
  const dir = resolveMigrationsDir(driver, options.migrationsDir);
  const migrations = await loadMigrations(driver, { migrationsDir: dir });
  return db.withConnection(async (conn) => {
    const history = await readHistoryIfPresent(conn);
    // Asked after reading the history: a partial row seen while a run holds the lock is that
    // run's progress, not the remains of a crash.
    const locked = await migrationLockFor(db).isHeld(conn);
    const check = checkHistory(driver, dir, migrations, history);
    return {
      driver,
      migrationsDir: dir,
      currentVersion: check.currentVersion,
      applied: history,
      pending: check.pending.map((m) => ({
        version: m.version,
        name: m.name,
        label: m.label,
        fileName: m.fileName,
        checksum: m.checksum,
      })),
      problems: check.problems
        .filter((p) => !(locked && p instanceof MigrationPartialError))
        .map((p) => ({ code: p.code ?? 'MIGRATION_ERROR', version: p.version ?? 0, message: p.message })),
      locked,
    };
  });
}
