import * as E from 'fp-ts/lib/Either.js';
import { illegalTransition, jobNotFound, leaseLost, type DomainError } from '../../domain/errors.js';
import { CLAIMED_STATUSES, isJobStatus } from '../../domain/job-status.js';
import type { ClientError } from '../client/client-error.js';
import type { WhatsNextClient } from '../client/whatsnext-client.js';

/**
 * A refused report as the domain error it stands for: 404 → JobNotFound; 409 → LeaseLost when
 * the job is claimed by another worker (or by nobody), else IllegalTransition from its current
 * status (read back from the server, e.g. CANCELLED). Anything else — unreachable, timeouts, 5xx — is a fault and throws, so
 * that the worker retries the report.
 */
export const refusalOf = async (
  client: WhatsNextClient,
  error: ClientError,
  jobId: number,
  workerId: string,
  request: string,
): Promise<E.Either<DomainError, never>> => {
  if (error._tag === 'ApiError' && error.status === 404) return E.left(jobNotFound(jobId));
  if (error._tag !== 'ApiError' || error.status !== 409) throw new Error(`${request} job ${jobId}: ${error.message}`);
  const current = await client.getJob(jobId);
  if (E.isLeft(current)) return E.left(leaseLost(jobId, workerId, null));
  const status = current.right.status.toUpperCase();
  if (!isJobStatus(status)) return E.left(leaseLost(jobId, workerId, null));
  const owner = current.right.lease_owner ?? null;
  return E.left(CLAIMED_STATUSES.has(status) && owner !== workerId ? leaseLost(jobId, workerId, owner) : illegalTransition(jobId, status, request));
};
