import type { Reporter } from '@itinerary/cli-support';
import cliProgress from 'cli-progress';
import type { SeedTable } from './generator/seed-tables.js';

/** Shows how far a load is. */
export interface Progress {
  /** `done` rows written so far, the last of them to `table`. */
  update(done: number, table: SeedTable): void;
  /** The load ended with `done` rows written. */
  stop(done: number): void;
}

/** How progress is shown: a bar on a terminal, lines in a log, JSON events for scripts. */
export type ProgressStyle = 'bar' | 'lines' | 'json';

// A line (or JSON event) at every tenth of the way, and at least this often while it is slow.
const LINE_INTERVAL_MS = 5_000;

const number = (n: number) => n.toLocaleString('en-US');

/** Picks the style: JSON when asked, a bar when stderr is a terminal, lines otherwise. */
export function progressStyle(json: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressStyle {
  if (json) return 'json';
  return stream.isTTY ? 'bar' : 'lines';
}

/**
 * Progress towards `expected` rows. The expected total can be a little off (violations are
 * estimated), so the shown share stops at 99% until the load ends.
 */
export function createProgress(
  style: ProgressStyle,
  expected: number,
  reporter: Reporter,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = performance.now();
  const share = (done: number) => (expected === 0 ? 100 : Math.min(99, Math.floor((done / expected) * 100)));
  if (style === 'bar') {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'seeding [{bar}] {percentage}% | {value}/{total} rows | {table} | {duration_formatted}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        formatValue: (value, _options, type) =>
          type === 'value' || type === 'total' ? number(value) : String(value),
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(expected, 1), 0, { table: '' });
    return {
      update: (done, table) => bar.update(Math.min(done, Math.max(expected - 1, 0)), { table }),
      stop: (done) => {
        bar.setTotal(Math.max(done, 1));
        bar.update(done);
        bar.stop();
      },
    };
  }
  let lastTenth = 0;
  let lastAt = started;
  const emit = (done: number, table: SeedTable | undefined, percent: number) => {
    const elapsedMs = Math.round(performance.now() - started);
    if (style === 'json') {
      reporter.event('progress', { table, rows: done, expectedRows: expected, percent, elapsedMs });
    } else {
      const where = table === undefined ? '' : `, writing ${table}`;
      stream.write(
        `progress: ${percent}% (${number(done)} of ~${number(expected)} rows${where}) after ${(elapsedMs / 1000).toFixed(1)} s\n`,
      );
    }
  };
  return {
    update: (done, table) => {
      const percent = share(done);
      const now = performance.now();
      if (Math.floor(percent / 10) > lastTenth || now - lastAt >= LINE_INTERVAL_MS) {
        lastTenth = Math.floor(percent / 10);
        lastAt = now;
        emit(done, table, percent);
      }
    },
    // The summary that follows says everything a final progress line would.
    stop: () => undefined,
  };
}
