import { performance } from 'node:perf_hooks';

/** One side of a comparison: runs the operation once; `i` is the global iteration, for distinct keys. */
export type Contender = (i: number) => Promise<unknown>;

/** Median per-operation time of each contender, in microseconds. */
export interface Comparison {
  layerUs: number;
  rawUs: number;
  /**
   * layer / raw: 1.10 means the layer takes 10% longer. The median of the per-round ratios,
   * each of the layer's and raw's operations interleaved in the same round.
   */
  ratio: number;
  /** The middle half of the per-round ratios, to tell a real gap from noise. */
  ratioRange: [number, number];
  /** The third contender's median and layer / it, the same way, when one was given. */
  versus?: { us: number; ratio: number; ratioRange: [number, number] };
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The `q` quantile of `values`, interpolated between the nearest ranks. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] as number;
  const high = sorted[Math.ceil(at)] as number;
  return low + (high - low) * (at - Math.floor(at));
}

/** The orders in which three contenders take turns: each takes every place equally often. */
const ORDERS3 = [
  [0, 1, 2],
  [2, 1, 0],
  [1, 2, 0],
  [0, 2, 1],
  [2, 0, 1],
  [1, 0, 2],
] as const;

/**
 * Runs layer and raw one operation at a time in ABBA order (layer, raw, raw, layer, …, starting
 * with raw in every other round) after a warm-up, so whatever the machine does at a given moment (another process, the database
 * server, a checkpoint) lands on both sides alike, at the grain of one operation. Operations are
 * grouped in rounds of `opsPerRound` per side; the ratio is the median of the per-round ratios
 * (the layer's time in a round over raw's time in the same round), so a rare pause such as a
 * major GC moves one round, not the result. With a third contender (`versus`, e.g. Kysely), the
 * three take turns in all six orders in rotation, so none always follows the same one.
 */
export async function compare(
  layer: Contender,
  raw: Contender,
  {
    rounds,
    opsPerRound,
    warmup = opsPerRound,
    beforeEachRound,
    versus,
  }: {
    rounds: number;
    opsPerRound: number;
    /** Untimed operations per side first, so both run JIT-compiled code, as a long-lived process does. */
    warmup?: number;
    /** Untimed work before each round, to start it from the same state. */
    beforeEachRound?: () => Promise<void>;
    /** A third contender, timed in the same rounds; its figures come back as `versus`. */
    versus?: Contender;
  },
): Promise<Comparison> {
  const contenders = versus ? [layer, raw, versus] : [layer, raw];
  let i = 0;
  for (let w = 0; w < warmup; w++) {
    for (const contender of contenders) await contender(i++);
  }
  const times: number[][] = contenders.map(() => []);
  const timed = async (contender: Contender): Promise<number> => {
    const start = performance.now();
    await contender(i++);
    return performance.now() - start;
  };
  for (let r = 0; r < rounds; r++) {
    await beforeEachRound?.();
    const roundMs = contenders.map(() => 0);
    for (let k = 0; k < opsPerRound; k++) {
      // Two: ABBA within a round, and the first side alternates between rounds. Three: the six
      // orders in rotation, shifted by one each round.
      const order: readonly number[] = versus
        ? (ORDERS3[(k + r) % 6] as readonly number[])
        : (k + r) % 2 === 0
          ? [0, 1]
          : [1, 0];
      for (const c of order) roundMs[c] = (roundMs[c] as number) + (await timed(contenders[c] as Contender));
    }
    roundMs.forEach((ms, c) => {
      times[c]?.push((ms * 1000) / opsPerRound);
    });
  }
  const [layerTimes, rawTimes, versusTimes] = times as [number[], number[], number[] | undefined];
  const against = (other: number[]) => layerTimes.map((layerUs, r) => layerUs / (other[r] as number));
  const ratios = against(rawTimes);
  const versusRatios = versusTimes ? against(versusTimes) : undefined;
  return {
    layerUs: median(layerTimes),
    rawUs: median(rawTimes),
    ratio: median(ratios),
    ratioRange: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    ...(versusTimes && versusRatios
      ? {
          versus: {
            us: median(versusTimes),
            ratio: median(versusRatios),
            ratioRange: [quantile(versusRatios, 0.25), quantile(versusRatios, 0.75)],
          },
        }
      : {}),
  };
}

/** Median wall time of `op` over `rounds` runs, in milliseconds. */
export async function timeOnce(op: () => Promise<unknown>, rounds: number): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    await op();
    samples.push(performance.now() - start);
  }
  return median(samples);
}
