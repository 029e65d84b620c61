import { performance } from 'node:perf_hooks';

/** One side of a comparison: a named operation run `opsPerRound` times per round. */
export interface Contender {
  name: string;
  /** Runs the operation once; `i` is the global iteration, for distinct keys. */
  op: (i: number) => Promise<unknown>;
}

/** Median per-operation time of each contender, in microseconds. */
export interface Comparison {
  layerUs: number;
  rawUs: number;
  /**
   * layer / raw: 1.10 means the layer takes 10% longer. The median of the per-round ratios,
   * each of a layer round and the raw round next to it in time.
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
 * Runs layer and raw in alternating rounds (which goes first flips each round, so warm-up and
 * drift hit both alike) after a warm-up. The ratio is the median of the per-round ratios, not
 * the ratio of the two medians: on a small machine shared with the database server, a burst
 * of load slows both rounds of a pair, so pairing cancels it where two independent medians
 * would keep whatever each side happened to catch.
 */
export async function compare(
  layer: Contender,
  raw: Contender,
  {
    rounds,
    opsPerRound,
    warmup = opsPerRound,
    beforeEachSide,
  }: {
    rounds: number;
    opsPerRound: number;
    warmup?: number;
    /** Untimed work before each side's round, to start both from the same state. */
    beforeEachSide?: () => Promise<void>;
  },
): Promise<Comparison> {
  let i = 0;
  for (let w = 0; w < warmup; w++) {
    await layer.op(i++);
    await raw.op(i++);
  }
  const times: Record<'layer' | 'raw', number[]> = { layer: [], raw: [] };
  for (let r = 0; r < rounds; r++) {
    const order: Array<['layer' | 'raw', Contender]> =
      r % 2 === 0
        ? [
            ['layer', layer],
            ['raw', raw],
          ]
        : [
            ['raw', raw],
            ['layer', layer],
          ];
    for (const [side, contender] of order) {
      await beforeEachSide?.();
      const start = performance.now();
      for (let k = 0; k < opsPerRound; k++) await contender.op(i++);
      times[side].push(((performance.now() - start) * 1000) / opsPerRound);
    }
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
