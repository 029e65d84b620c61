import { mulberry32 } from './mulberry32.js';
import { mix32, streamSeed } from './seed-streams.js';

// Second seed of an entity's stream, drawn from another sequence of the same hash.
const SALT_STREAM_OFFSET = 0x5bd1e995;

/** The draws the generator needs, on top of one mulberry32 stream. */
export class Random {
  readonly #next: () => number;

  /**
   * A stream from `seed`. mulberry32 walks one cycle of 2^32 states, so the streams of
   * thousands of entities overlap somewhere on it; `salt` is mixed into every output so two
   * overlapping streams still give unrelated numbers.
   */
  constructor(seed: number, salt = 0) {
    const raw = mulberry32(seed);
    this.#next = salt === 0 ? raw : () => mix32(Math.floor(raw() * 4_294_967_296) ^ salt) / 4_294_967_296;
  }

  /** The stream of entity `index` for `stream` (see `STREAM`) in the data set of `seed`. */
  static for(seed: number, stream: number, index: number): Random {
    return new Random(
      streamSeed(seed, stream, index),
      streamSeed(seed, stream + SALT_STREAM_OFFSET, index) | 1,
    );
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  /** A float spread evenly on a log scale between `min` and `max`: durations look like that. */
  logUniform(min: number, max: number): number {
    return min * (max / min) ** this.#next();
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** One value, chosen in proportion to its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let point = this.#next() * total;
    for (const [value, weight] of choices) {
      point -= weight;
      if (point < 0) return value;
    }
    return (choices[choices.length - 1] as readonly [T, number])[0];
  }

  /** `count` lowercase hex digits. */
  hex(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += Math.floor(this.#next() * 16).toString(16);
    return out;
  }

  /**
   * A version-4-shaped UUID, as the scheduler gives its runs, but reproducible. Its last group
   * is `unique` (below 2^48) in hex, so ids are distinct by construction, not by luck.
   */
  uuid(unique: number): string {
    const variant = (8 + Math.floor(this.#next() * 4)).toString(16);
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${unique.toString(16).padStart(12, '0')}`;
  }
}
