/**
 * Go's `time.ParseDuration`, signs included, as robfig/cron's `@every <duration>` reads its
 * argument. (Stored durations, such as a constraint's, are `duration.ts`: no sign allowed.)
 * The arithmetic is Go's own: uint64 accumulation with its overflow checks, and a fraction
 * scaled through float64, so the nanosecond count is the one a Go program gets.
 */

const MAX_UINT63 = 1n << 63n;
const U64 = (1n << 64n) - 1n;

const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 MICRO SIGN
  μs: 1_000n, // U+03BC GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** What `parseGoDuration` read: nanoseconds (a Go `time.Duration`), or Go's error text. */
export type GoDurationReading = { ok: true; nanoseconds: bigint } | { ok: false; error: string };

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Go's `time.quote`: double quotes, `\xNN` for each UTF-8 byte of a control or non-ASCII character. */
function goQuote(text: string): string {
  let quoted = '"';
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of Buffer.from(c, 'utf8')) quoted += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else quoted += c === '"' || c === '\\' ? `\\${c}` : c;
  }
  return `${quoted}"`;
}

/** Reads `text` exactly as Go's `time.ParseDuration` does, with Go's error messages. */
export function parseGoDuration(text: string): GoDurationReading {
  const invalid = (): GoDurationReading => ({
    ok: false,
    error: `time: invalid duration ${goQuote(text)}`,
  });
  let s = text;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0n };
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid();
    // leadingInt: fails once the value would pass 1<<63.
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > MAX_UINT63 / 10n) return invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > MAX_UINT63) return invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction: stops gaining precision on overflow, but consumes every digit.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (MAX_UINT63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > MAX_UINT63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid();
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) return { ok: false, error: `time: missing unit in duration ${goQuote(text)}` };
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NANOSECONDS[unitName];
    if (unit === undefined) {
      return {
        ok: false,
        error: `time: unknown unit ${goQuote(unitName)} in duration ${goQuote(text)}`,
      };
    }
    if (v > MAX_UINT63 / unit) return invalid();
    v *= unit;
    if (f > 0n) {
      // uint64(float64(f) * (float64(unit) / scale)): float64 math, truncated toward zero.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale))) & U64;
      if (v > MAX_UINT63) return invalid();
    }
    total += v;
    if (total > MAX_UINT63) return invalid();
  }
  if (negative) return { ok: true, nanoseconds: -total };
  if (total > MAX_UINT63 - 1n) return invalid();
  return { ok: true, nanoseconds: total };
}
