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

/**
 * Runs layer and raw one operation at a time in ABBA order (layer, raw, raw, layer, …, starting
 * with raw in every other round) after a warm-up, so whatever the machine does at a given moment (another process, the database
 * server, a checkpoint) lands on both sides alike, at the grain of one operation. Operations are
 * grouped in rounds of `opsPerRound` per side; the ratio is the median of the per-round ratios
 * (the layer's time in a round over raw's time in the same round), so a rare pause such as a
 * major GC moves one round, not the result.
 */
export async function compare(
  layer: Contender,
  raw: Contender,
  {
    rounds,
    opsPerRound,
    warmup = opsPerRound,
    beforeEachRound,
  }: {
    rounds: number;
    opsPerRound: number;
    /** Untimed operations per side first, so both run JIT-compiled code, as a long-lived process does. */
    warmup?: number;
    /** Untimed work before each round, to start it from the same state. */
    beforeEachRound?: () => Promise<void>;
  },
): Promise<Comparison> {
  let i = 0;
  for (let w = 0; w < warmup; w++) {
    await layer(i++);
    await raw(i++);
  }
  const times: Record<'layer' | 'raw', number[]> = { layer: [], raw: [] };
  const timed = async (contender: Contender): Promise<number> => {
    const start = performance.now();
    await contender(i++);
    return performance.now() - start;
  };
  for (let r = 0; r < rounds; r++) {
    await beforeEachRound?.();
    let layerMs = 0;
    let rawMs = 0;
    for (let k = 0; k < opsPerRound; k++) {
      // ABBA within a round, and the first side alternates between rounds.
      if ((k + r) % 2 === 0) {
        layerMs += await timed(layer);
        rawMs += await timed(raw);
      } else {
        rawMs += await timed(raw);
        layerMs += await timed(layer);
      }
    }
    times.layer.push((layerMs * 1000) / opsPerRound);
    times.raw.push((rawMs * 1000) / opsPerRound);
  }
  const ratios = times.layer.map((layerUs, r) => layerUs / (times.raw[r] as number));
  return {
    layerUs: median(times.layer),
    rawUs: median(times.raw),
    ratio: median(ratios),
    ratioRange: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
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
