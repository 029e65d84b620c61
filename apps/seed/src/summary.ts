import type { Reporter } from '@itinerary/cli-support';
import { type RowCounts, SEED_TABLES } from './generator/seed-tables.js';

/** What a seed run wrote. */
export interface SeedSummary {
  mode: 'fixtures' | 'synthetic';
  tables: RowCounts;
  elapsedMs: number;
  /** The synthetic parameters, when synthetic. */
  synthetic?: { jobs: number; runsPerJob: number; seed: number };
  interrupted?: boolean;
}

/** Prints the rows per table and the time taken: a table for people, one `summary` event in JSON. */
export function reportSummary(reporter: Reporter, summary: SeedSummary): void {
  const totalRows = SEED_TABLES.reduce((sum, t) => sum + summary.tables[t], 0);
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(totalRows / seconds) : totalRows;
  const width = Math.max(...SEED_TABLES.map((t) => t.length));
  const lines = [
    `${summary.interrupted ? 'interrupted' : 'done'}: ${totalRows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} rows/s)`,
    ...SEED_TABLES.map(
      (t) => `  ${t.padEnd(width)}  ${summary.tables[t].toLocaleString('en-US').padStart(11)}`,
    ),
  ];
  reporter.event(
    'summary',
    {
      mode: summary.mode,
      ...(summary.synthetic ?? {}),
      tables: summary.tables,
      totalRows,
      elapsedMs: summary.elapsedMs,
      rowsPerSecond: rate,
      interrupted: summary.interrupted === true,
    },
    lines.join('\n'),
  );
}
