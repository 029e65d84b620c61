/**
 * The exit codes every Itinerary command gives the same meaning; each command adds its own
 * from 3 up (and keeps 7 for an interrupted run).
 */
export const COMMON_EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  interrupted: 7,
} as const;
