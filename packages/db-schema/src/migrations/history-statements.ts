import type { Driver } from '@itinerary/db-core';

/** The engine's own table: one row per applied (or, on MySQL, partly applied) migration. */
export const HISTORY_TABLE = 'itinerary_schema_migrations';

/** The statements about the history table whose SQL differs between databases. */
export interface HistoryStatements {
  /** Creates the table when it is missing; run under the migration lock. */
  createTable: string;
  /** One row with `n`: how many tables of that name the current database or schema has. */
  countTables: string;
}

/**
 * Every dialect keeps the same columns, so reads and writes of history rows are one SQL text
 * for all three; only the column types and the catalogue query differ. `statements_total`,
 * `statements_applied` and `status` exist for MySQL, whose DDL commits as it runs, so progress
 * inside a file must be recorded; elsewhere a row is written only once its migration is applied.
 */
export const HISTORY_STATEMENTS: Record<Driver, HistoryStatements> = {
  postgres: {
    createTable: `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
    version            INTEGER        NOT NULL,
    name               TEXT           NOT NULL,
    checksum           TEXT           NOT NULL,
    applied_at         TIMESTAMPTZ(3) NOT NULL,
    duration_ms        INTEGER        NOT NULL,
    statements_total   INTEGER        NOT NULL,
    statements_applied INTEGER        NOT NULL,
    status             TEXT           NOT NULL,
    PRIMARY KEY (version),
    CONSTRAINT chk_${HISTORY_TABLE}_status CHECK (status IN ('applied', 'partial'))
)`,
    // current_schema() is where the unqualified CREATE TABLE above puts the table.
    countTables:
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
  },
  mysql: {
    createTable: `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
    version            INT          NOT NULL,
    name               VARCHAR(255) NOT NULL,
    checksum           VARCHAR(64)  NOT NULL,
    applied_at         DATETIME(3)  NOT NULL,
    duration_ms        INT          NOT NULL,
    statements_total   INT          NOT NULL,
    statements_applied INT          NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    PRIMARY KEY (version),
    CONSTRAINT chk_${HISTORY_TABLE}_status CHECK (status IN ('applied', 'partial'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    countTables:
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
  },
  sqlite3: {
    // Declared TIMESTAMP so the layer reads applied_at back as a Date, as on the other two.
    createTable: `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
    version            INTEGER   NOT NULL,
    name               TEXT      NOT NULL,
    checksum           TEXT      NOT NULL,
    applied_at         TIMESTAMP NOT NULL,
    duration_ms        INTEGER   NOT NULL,
    statements_total   INTEGER   NOT NULL,
    statements_applied INTEGER   NOT NULL,
    status             TEXT      NOT NULL,
    PRIMARY KEY (version),
    CONSTRAINT chk_${HISTORY_TABLE}_status CHECK (status IN ('applied', 'partial'))
)`,
    countTables: "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?",
  },
};
