import * as E from 'fp-ts/lib/Either.js';
import type { ClientError } from '../../client/client-error.js';
import type { NewJob } from '../../client/client-inputs.js';
import type { WhatsNextClient } from '../../client/whatsnext-client.js';
import type { CliContext } from '../cli-context.js';
import { BATCH_SIZE, chunkBatch } from './batch-chunks.js';
import { startProgress } from './progress.js';

/**
 * Submits jobs in batches of at most 5,000 (a DAG tied by in-batch references stays in one),
 * with a progress bar on a terminal. Ids come back in the jobs' order. Batches already sent stay
 * when a later one fails; the error says how many were created.
 */
export const submitInBatches = async (
  client: WhatsNextClient,
  context: Pick<CliContext, 'stderr'>,
  projectId: number,
  jobs: readonly NewJob[],
  label: string,
  size = BATCH_SIZE,
): Promise<E.Either<ClientError & { readonly created: number }, number[]>> => {
  const chunks = chunkBatch(jobs, size);
  const ids: number[] = new Array<number>(jobs.length);
  const progress = startProgress(context, jobs.length, label);
  let created = 0;
  try {
    for (const chunk of chunks) {
      const answer = await client.submitBatch(projectId, chunk.jobs);
      if (E.isLeft(answer)) {
        const message = created === 0 ? answer.left.message : `${answer.left.message} (${created} of ${jobs.length} jobs were created before this batch)`;
        return E.left({ ...answer.left, message, created });
      }
      answer.right.job_ids.forEach((id, i) => (ids[chunk.origins[i]!] = id));
      created += chunk.jobs.length;
      progress.advance(chunk.jobs.length);
    }
  } finally {
    progress.stop();
  }
  return E.right(ids);
};
