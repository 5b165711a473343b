import * as E from 'fp-ts/lib/Either.js';
import { claimedDependencyRefusal } from '../../domain/claimed-dependencies.js';
import { cycleThrough } from '../../domain/dependents.js';
import {
  crossProjectDependency,
  illegalTransition,
  taskNotFound,
  unknownDependency,
  validationFailed,
  type DomainError,
} from '../../domain/errors.js';
import type { Job } from '../../domain/job.js';
import type { JobStatus } from '../../domain/job-status.js';
import { readiness, requestStatus } from '../../domain/job-transitions.js';
import { validateName } from '../../domain/names.js';
import { validateParameters } from '../../domain/parameters.js';
import { inject, injectable } from '../injection.js';
import { lockJob } from '../lookups.js';
import { Clock } from '../ports/clock.port.js';
import { JobSignal } from '../ports/job-signal.port.js';
import { SchedulerSettings, unleasedClaimSecondsOf } from '../ports/scheduler-settings.port.js';
import { SchedulerEvents, type EndedRun } from '../ports/scheduler-events.port.js';
import { endedRun } from '../scheduling/ended-run.js';
import type { StoreTransaction } from '../ports/store.port.js';
import { Store } from '../ports/store.port.js';
import { returnToPending } from './return-to-pending.js';
import { dependencyIds } from './dependency-ids.js';
import { explainMissingDependency } from './removed-dependency-hint.js';
import { saveTransition } from './job-graph.js';

export interface JobChanges {
  readonly name?: string;
  readonly projectId?: number;
  readonly taskId?: number;
  readonly parameters?: string;
  /**
   * Whether sent parameters hold the stored value, however spelled (an edge that can parse JSON
   * exactly supplies it); by default only the identical text is the same.
   */
  readonly sameParameters?: (stored: string, sent: string) => boolean;
  readonly priority?: number;
  /** Job ids, or names of jobs of the job's project (each must name exactly one). */
  readonly dependsOn?: readonly (number | string)[];
  readonly status?: JobStatus;
}

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Changes a job (`PUT /jobs/{id}`). Name and priority may change at any time; task and parameters
 * only before the job is claimed; dependencies too, except that a claimed job may gain COMPLETED
 * ones (its run is unaffected). A status change goes through the state machine. Unchanged values
 * are no change, so a client may send back what it read.
 */
@injectable()
export class UpdateJob {
  constructor(
    @inject(Store) private readonly store: Store,
    @inject(Clock) private readonly clock: Clock,
    @inject(JobSignal) private readonly signal: JobSignal,
    @inject(SchedulerSettings) private readonly settings: SchedulerSettings,
    @inject(SchedulerEvents) private readonly events: SchedulerEvents,
  ) {}

  async execute(id: number, changes: JobChanges): Promise<E.Either<DomainError, Job>> {
    const now = this.clock.now();
    // What the status change did, told once the transaction committed: the original client reports its runs' ends here.
    let ended: EndedRun | null = null;
    let retried = false;
    const result = await this.store.transaction<DomainError, Job>(async (tx) => {
      ended = null;
      retried = false;
      const locked = await lockJob(tx, id);
      if (E.isLeft(locked)) return locked;
      const before = locked.right;
      const edited = await this.edit(tx, before, changes, now);
      if (E.isLeft(edited)) return edited;
      if (edited.right !== before) await saveTransition(tx, before, edited.right, now);
      const target = changes.status;
      if (target === undefined || target === edited.right.status) return edited;
      if (target === 'PENDING' && ['FAILED', 'CANCELLED', 'BLOCKED'].includes(edited.right.status)) {
        retried = true;
        return returnToPending(tx, edited.right, now);
      }
      // A claim by status PUT (the original client's way) has no heartbeat: it expires as fetch_job's does.
      const request = { readiness: readiness([]), retryOnFailure: false, reason: null, claimSeconds: unleasedClaimSecondsOf(this.settings) };
      const moved = requestStatus(edited.right, target, request, now);
      if (E.isLeft(moved)) return moved;
      await saveTransition(tx, edited.right, moved.right, now);
      if (moved.right.status === 'COMPLETED' || moved.right.status === 'FAILED') {
        ended = endedRun(edited.right, moved.right.status === 'COMPLETED' ? 'completed' : 'failed', now);
      }
      return moved;
    });
    if (E.isLeft(result)) return result;
    this.signal.notify(result.right.projectId);
    if (ended !== null) this.events.runsEnded([ended]);
    if (retried) this.events.jobRetried('request');
    return result;
  }

  /** Applies the field changes; returns the same object when nothing changed. */
  private async edit(tx: StoreTransaction, job: Job, changes: JobChanges, now: Date): Promise<E.Either<DomainError, Job>> {
    if (changes.projectId !== undefined && changes.projectId !== job.projectId) {
      return E.left(validationFailed('project_id', `job ${job.id} belongs to project ${job.projectId} and cannot move to project ${changes.projectId}`));
    }
    let next: Job = job;
    if (changes.name !== undefined && changes.name !== job.name) {
      const name = validateName('name', changes.name);
      if (E.isLeft(name)) return name;
      next = { ...next, name: name.right };
    }
    if (changes.priority !== undefined && changes.priority !== job.priority) {
      if (!Number.isSafeInteger(changes.priority)) return E.left(validationFailed('priority', `priority must be an integer, got ${changes.priority}`));
      next = { ...next, priority: changes.priority };
    }
    const editable = job.status === 'PENDING' || job.status === 'BLOCKED';
    const refuse = (what: string) => E.left(illegalTransition(job.id, job.status, `change its ${what}`, 'it has already been claimed'));
    // Dependencies first: a cycle is refused before anything about the job's state (as the original).
    if (changes.dependsOn !== undefined) {
      const dependsOn = await dependencyIds(tx, job.projectId, changes.dependsOn);
      if (E.isLeft(dependsOn)) return dependsOn;
      if (!sameSet(dependsOn.right, job.dependencies)) {
        const rewired = await this.rewire(tx, next, dependsOn.right, editable);
        if (E.isLeft(rewired)) return rewired;
        next = rewired.right;
      }
    }
    const sameParameters = changes.sameParameters ?? ((stored: string, sent: string) => stored === sent);
    if (changes.parameters !== undefined && !sameParameters(job.parameters, changes.parameters)) {
      if (!editable) return refuse('parameters');
      const parameters = validateParameters('parameters', changes.parameters);
      if (E.isLeft(parameters)) return parameters;
      next = { ...next, parameters: parameters.right };
    }
    if (changes.taskId !== undefined && changes.taskId !== job.taskId) {
      if (!editable) return refuse('task');
      const task = await tx.tasks.get(changes.taskId);
      if (task === null || task.projectId !== job.projectId) return E.left(taskNotFound(changes.taskId, job.projectId));
      next = { ...next, taskId: task.id, requirements: task.requirements, maxAttempts: task.maxAttempts };
    }
    return E.right(next === job ? job : { ...next, updatedAt: now });
  }

  /**
   * New dependencies: they must exist in the project and close no cycle; readiness follows them.
   * A job already claimed only gains COMPLETED ones and keeps its state.
   */
  private async rewire(tx: StoreTransaction, job: Job, dependsOn: number[], editable: boolean): Promise<E.Either<DomainError, Job>> {
    const found = await tx.jobs.getManyForShare(dependsOn);
    const missing = dependsOn.find((d) => !found.some((f) => f.id === d));
    if (missing !== undefined) return explainMissingDependency(tx, job.projectId, E.left(unknownDependency(`job id ${missing}`)));
    const foreign = found.find((f) => f.projectId !== job.projectId);
    if (foreign !== undefined) return E.left(crossProjectDependency(foreign.id, foreign.projectId, job.projectId));
    const cycle = cycleThrough(job.id, dependsOn, await tx.jobs.transitiveDependents(job.id));
    if (E.isLeft(cycle)) return cycle;
    if (!editable) {
      const refusal = claimedDependencyRefusal(job, dependsOn, found);
      return refusal === null ? E.right({ ...job, dependencies: dependsOn }) : E.left(refusal);
    }
    const ready = readiness(found);
    return E.right({
      ...job,
      dependencies: dependsOn,
      unmetDependencies: ready.unmetDependencies,
      status: ready.blockedBy === null ? 'PENDING' : 'BLOCKED',
      blockedBy: ready.blockedBy,
      failureReason: ready.blockedBy === null ? null : `blocked by job ${ready.blockedBy}`,
    });
  }
}
