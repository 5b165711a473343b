import type { Context } from 'koa';
import type { Claim } from '../../../application/scheduling/claim-job.js';
import type { UseCases } from '../../../application/use-cases.js';
import type { Task } from '../../../domain/task.js';
import type { ClaimAnswer } from '../answers/queue.answers.js';
import { presentClaimedJob } from '../presenters/job.presenter.js';
import { presentTask } from '../presenters/task.presenter.js';
import { iso } from '../presenters/timestamps.js';

/** Called when a claim hands out a job or finds none (`withReports`: one that rode with reports); for metrics. */
export type ClaimObserver = (claimed: boolean, withReports?: boolean) => void;

export interface ClaimAnswerShape {
  /** A claim with a lease: its task, its expiry, and (with `more`) the jobs after the first. */
  readonly leased: boolean;
  readonly more: boolean;
  /** An entry of `more` carries its task only if no job before it in the answer had that task. */
  readonly tasksOnce: boolean;
}

/** A claim as `fetch_job` answers it: `{job, num_pending}`, and for a leased claim `task`, `lease_expires_at` and maybe `more`. */
export const presentClaim = async (useCases: UseCases, claim: Claim, shape: ClaimAnswerShape): Promise<ClaimAnswer> => {
  const [claimed = null, ...others] = claim.claimed;
  const names = await useCases.jobNames.execute(claim.claimed.flatMap(({ job }) => job.dependencies));
  const job = claimed === null ? null : presentClaimedJob(claimed.job, claimed.task.name, names);
  if (!shape.leased) return { job, num_pending: claim.pending };
  // Claimed jobs mostly share a few tasks: each is presented once and the object shared.
  const presented = new Map<number, ReturnType<typeof presentTask>>();
  const taskOf = (task: Task) => presented.get(task.id) ?? presented.set(task.id, presentTask(task)).get(task.id)!;
  const task = claimed === null ? null : taskOf(claimed.task);
  // With tasks once, a task travels once per answer (the first time it is presented): the
  // client finds it again by the job's task_id.
  const more = others.map((other) => {
    const entry = { job: presentClaimedJob(other.job, other.task.name, names) };
    if (shape.tasksOnce && presented.has(other.task.id)) return entry;
    return { ...entry, task: taskOf(other.task) };
  });
  return { job, num_pending: claim.pending, task, lease_expires_at: iso(claimed?.job.lease?.expiresAt ?? null), ...(shape.more ? { more } : {}) };
};

/** Runs a claim that may wait (long-poll) with a signal that ends the wait when its client goes away or the server shuts down. */
export const untilClientGone = async <A>(ctx: Context, shutdown: AbortSignal | undefined, claim: (abort: AbortSignal) => Promise<A>): Promise<A> => {
  const disconnected = new AbortController();
  const stop = () => disconnected.abort();
  ctx.res.once('close', stop);
  shutdown?.addEventListener('abort', stop, { once: true });
  try {
    return await claim(disconnected.signal);
  } finally {
    ctx.res.off('close', stop);
    shutdown?.removeEventListener('abort', stop);
  }
};
