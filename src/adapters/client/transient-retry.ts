import * as E from 'fp-ts/lib/Either.js';
import type { ClientError } from './client-error.js';

/**
 * Failures that say "not now" rather than "no": the server unreachable (restarting), no answer
 * in time, or a 5xx/429 (its database restarting, overload). Retrying them is safe for requests
 * the server applies at most once (a worker's reports are state transitions of its own lease).
 */
export const isTransient = (error: ClientError): boolean =>
  error._tag === 'Unreachable' || error._tag === 'Timeout' || (error._tag === 'ApiError' && (error.status === 429 || error.status >= 500));

export interface RetryPolicy {
  /** Stop retrying once this long has passed since the first attempt. */
  readonly patienceMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** Long enough for a server or database restart; a worker's report waits that long before it gives up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { patienceMs: 10 * 60_000, firstDelayMs: 100, maxDelayMs: 2_000 };

export interface Retried<A> {
  readonly result: E.Either<ClientError, A>;
  readonly attempts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends until the answer is not transient or the patience ran out; backoff doubles, with jitter so that many workers do not come back in step. */
export const retryTransient = async <A>(send: () => Promise<E.Either<ClientError, A>>, policy: RetryPolicy): Promise<Retried<A>> => {
  const deadline = Date.now() + policy.patienceMs;
  let delay = policy.firstDelayMs;
  for (let attempts = 1; ; attempts++) {
    const result = await send();
    if (E.isRight(result) || !isTransient(result.left) || Date.now() + delay > deadline) return { result, attempts };
    await sleep(delay * (0.75 + Math.random() * 0.5));
    delay = Math.min(delay * 2, policy.maxDelayMs);
  }
};
