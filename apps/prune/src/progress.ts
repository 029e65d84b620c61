import type { Reporter } from '@itinerary/cli-support';

/** Shows how far a prune is: a line redrawn on a terminal, a JSON event now and then for scripts. */
export interface Progress {
  /** `deleted` rows of `what` deleted so far. */
  update(what: string, deleted: number): void;
  /** Ends the terminal line, if one was drawn. */
  stop(): void;
}

// Often enough to see it move, rarely enough not to flood a log or a terminal.
const JSON_INTERVAL_MS = 1_000;
const TERMINAL_INTERVAL_MS = 100;

const number = (n: number) => n.toLocaleString('en-US');

/**
 * Progress for `--json` (a `progress` event after the first batch and then at most once a
 * second), or a redrawn line when `stream` is a terminal; nothing otherwise, as a CronJob's
 * log wants only the summary.
 */
export function createProgress(
  json: boolean,
  reporter: Reporter,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  if (json) {
    return {
      update: (what, deleted) => {
        const now = performance.now();
        if (now - last < JSON_INTERVAL_MS) return;
        last = now;
        reporter.event('progress', { table: what, deleted });
      },
      stop: () => undefined,
    };
  }
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  return {
    update: (what, deleted) => {
      const now = performance.now();
      if (now - last < TERMINAL_INTERVAL_MS) return;
      last = now;
      drawn = true;
      stream.write(`\r\x1b[2Kpruning ${what}: ${number(deleted)} deleted`);
    },
    stop: () => {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
