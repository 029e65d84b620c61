let last = 0;

/**
 * The time the layer stamps on rows, in whole milliseconds and strictly increasing within
 * the process, so `updatedAt` always moves forward even when two writes share a millisecond.
 */
export function layerNow(): Date {
  const now = Math.max(Date.now(), last + 1);
  last = now;
  return new Date(now);
}
