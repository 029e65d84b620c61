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
  /** layer / raw: 1.10 means the layer takes 10% longer. */
  ratio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs layer and raw in alternating rounds (which goes first flips each round, so warm-up and
 * drift hit both alike) after a warm-up, and compares the medians of their per-op means.
 */
export async function compare(
  layer: Contender,
  raw: Contender,
  { rounds, opsPerRound, warmup = opsPerRound }: { rounds: number; opsPerRound: number; warmup?: number },
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
      const start = performance.now();
      for (let k = 0; k < opsPerRound; k++) await contender.op(i++);
      times[side].push(((performance.now() - start) * 1000) / opsPerRound);
    }
  }
  const layerUs = median(times.layer);
  const rawUs = median(times.raw);
  return { layerUs, rawUs, ratio: layerUs / rawUs };
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
