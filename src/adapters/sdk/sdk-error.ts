import type { ClientError } from '../client/client-error.js';

/**
 * Why an SDK call did not give what was asked. The SDK keeps the embedding API's rule: expected
 * failures come back as `Left` values with a `_tag` and a `message` naming the problem, never
 * thrown. The server's refusals are `ApiError` (its HTTP status and `detail`, e.g. "Project with
 * name 'x' not found."); `Unreachable`, `Timeout` and `BadResponse` are the connection's.
 */
export type SdkError =
  | ClientError
  | { readonly _tag: 'WaitTimedOut'; readonly jobIds: readonly number[]; readonly message: string }
  | { readonly _tag: 'AlreadyWorking'; readonly clientId: string; readonly message: string };

export type { ClientError };

export const waitTimedOut = (jobIds: readonly number[], timeoutMs: number, waiting: string): SdkError => ({
  _tag: 'WaitTimedOut',
  jobIds,
  message: `jobs not settled after ${timeoutMs} ms: ${waiting}`,
});

export const alreadyWorking = (clientId: string): SdkError => ({
  _tag: 'AlreadyWorking',
  clientId,
  message: `client '${clientId}' is already working: stop() it before calling work() again`,
});

export const badResponse = (url: string, message: string): SdkError => ({ _tag: 'BadResponse', url, message });
