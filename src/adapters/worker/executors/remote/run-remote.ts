import * as E from 'fp-ts/lib/Either.js';
import type { Outcome, RunContext } from '../../../../application/ports/executor.port.js';
import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { failed, succeeded } from '../outcomes.js';
import type { RemoteState } from './remote-state.js';

/** What an executor needs of a batch system: submit, look, cancel, read the log. */
export interface BatchSystem<Handle> {
  /** Left with the reason when the job cannot be submitted (a bad template, a refused submission). */
  submit(claimed: ClaimedJob, context: RunContext): Promise<E.Either<string, Handle>>;
  state(handle: Handle): Promise<RemoteState>;
  cancel(handle: Handle): Promise<void>;
  logTail(handle: Handle): Promise<string | null>;
}

export interface PollSettings {
  readonly pollMs: number;
  /** After a cancel, how long to wait for the system to confirm the job ended. */
  readonly cancelWaitMs: number;
  /** Consecutive failed looks tolerated (a busy controller) before the job is given up. */
  readonly maxPollFailures?: number;
}

const pause = (ms: number, wake: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    }
    wake.addEventListener('abort', done, { once: true });
  });

/**
 * Runs a job on a batch system: submits it, polls its state until it ends, and cancels it when
 * the worker says stop (then waits a little for the system to confirm).
 */
export const runOnBatchSystem = async <Handle>(system: BatchSystem<Handle>, claimed: ClaimedJob, context: RunContext, settings: PollSettings): Promise<Outcome> => {
  const submitted = await system.submit(claimed, context);
  if (E.isLeft(submitted)) return failed(submitted.left);
  const handle = submitted.right;
  let cancelledAt: number | null = null;
  let pollFailures = 0;
  const never = new AbortController().signal;
  for (;;) {
    if (context.stop.aborted && cancelledAt === null) {
      cancelledAt = Date.now();
      await system.cancel(handle);
    }
    let state: RemoteState;
    try {
      state = await system.state(handle);
      pollFailures = 0;
    } catch (error) {
      if (++pollFailures > (settings.maxPollFailures ?? 5)) throw error;
      state = { kind: 'active', detail: 'unknown' };
    }
    if (state.kind === 'succeeded') return succeeded(await system.logTail(handle));
    if (state.kind === 'failed') return failed(state.reason, state.exitCode, await system.logTail(handle));
    if (state.kind === 'gone') return failed('the batch system lost track of the job', null, await system.logTail(handle));
    if (cancelledAt !== null && Date.now() - cancelledAt > settings.cancelWaitMs) return failed('stopped (cancelled)', null, await system.logTail(handle));
    await pause(settings.pollMs, cancelledAt === null ? context.stop : never);
  }
};
