/**
 * murmur3's finaliser: spreads every input bit over the output, so neighbouring indexes give
 * unrelated streams.
 */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** What a stream of random numbers is for; each entity draws from its own stream. */
export const STREAM = {
  plan: 1,
  job: 2,
  constraint: 3,
  action: 4,
  runs: 5,
  period: 6,
} as const;

/**
 * The seed of one entity's stream: a pure function of the data set's seed, the purpose and the
 * entity's index. Every job, run list or stats period can be rebuilt alone, in any order, and
 * comes out the same.
 */
export function streamSeed(seed: number, stream: number, index: number): number {
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(stream, 0x27d4eb2f));
  // Indexes can pass 2^32 only in theory; the high part keeps them distinct anyway.
  h = mix32(h ^ (index >>> 0));
  return mix32(h ^ Math.floor(index / 4_294_967_296));
}
