import type { Driver } from './driver.js';

/** What the query hook is told about each statement the layer ran. */
export interface QueryEvent {
  driver: Driver;
  /** The statement as the caller wrote it (with `?` placeholders). */
  sql: string;
  /** How many parameters were bound (the values themselves are not passed, as they may be secret). */
  paramCount: number;
  durationMs: number;
  /** Rows returned, or rows affected for a statement that returns none. */
  rowCount: number;
  /** The error the statement failed with, already classified. */
  error?: Error;
}
