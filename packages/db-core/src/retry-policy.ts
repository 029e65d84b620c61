import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable, UsageError } from './errors.js';
import type { RetryPolicy } from './executor.js';

const DEFAULT_POLICY: Required<RetryPolicy> = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 1000 };

/** Resolves the `retry` option into a policy, or undefined when retrying is off. */
export function resolveRetryPolicy(
  retry: RetryPolicy | boolean | undefined,
): Required<RetryPolicy> | undefined {
  if (!retry) return undefined;
  const policy = { ...DEFAULT_POLICY, ...(retry === true ? {} : retry) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new UsageError(`retry.maxAttempts must be a positive integer, got ${String(policy.maxAttempts)}`);
  }
  return policy;
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or the attempts run out. */
export function withRetry<T>(
  policy: Required<RetryPolicy> | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  // Without a policy there is nothing to catch: no extra promise layer on every transaction.
  return policy ? retrying(policy, attempt) : attempt();
}

async function retrying<T>(policy: Required<RetryPolicy>, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err) || n >= policy.maxAttempts) throw err;
      const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (n - 1));
      // Full jitter: two transactions that collided once should not collide again in step.
      await sleep(Math.random() * ceiling);
    }
  }
}
