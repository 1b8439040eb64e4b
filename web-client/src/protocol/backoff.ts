// How long to wait before the next reconnection attempt: doubling from `initialMs` up to `maxMs`,
// with jitter so that a room's clients do not all come back in the same millisecond.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 15_000 };

/** Delay before attempt `attempt` (0 for the first retry); `random` in [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: number): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
