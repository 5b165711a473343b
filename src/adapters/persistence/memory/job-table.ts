import type { Job } from '../../../domain/job.js';
import { statusChange } from '../../../domain/status-change.js';
import { frozenJob } from './frozen-copies.js';
import { IdSequence } from './id-sequence.js';
import { JobCounts } from './job-counts.js';
import { LeaseIndex } from './lease-index.js';
import { ReadyQueue } from './ready-queue.js';
import { SetMultimap } from './set-multimap.js';
import { StatusHistoryTable } from './status-history-table.js';
import { UndoableTable } from './undoable-table.js';
import type { UndoLog } from './undo-log.js';

/**
 * Jobs with every index the job store reads: by project, task and PENDING status, the reverse
 * dependency edges, the claim index, the lease index and the counts by task and status. A job's
 * forward edges are its `dependencies`; the reverse edges are derived from them. Every save that changes a job's status
 * appends to its history, as the SQL stores' trigger does (inserts record nothing).
 */
export class JobTable extends UndoableTable<number, Job> {
  readonly ids = new IdSequence();
  readonly ready = new ReadyQueue();
  readonly leases = new LeaseIndex();
  readonly history = new StatusHistoryTable();
  readonly counts = new JobCounts();
  private readonly byProject = new SetMultimap<number, number>();
  private readonly byTask = new SetMultimap<number, number>();
  private readonly pendingByProject = new SetMultimap<number, number>();
  private readonly dependents = new SetMultimap<number, number>();

  idsOfProject(projectId: number): ReadonlySet<number> {
    return this.byProject.get(projectId);
  }

  idsOfTask(taskId: number): ReadonlySet<number> {
    return this.byTask.get(taskId);
  }

  pendingIdsOf(projectId: number): ReadonlySet<number> {
    return this.pendingByProject.get(projectId);
  }

  /** Ids of the jobs that depend directly on `id`. */
  dependentsOf(id: number): ReadonlySet<number> {
    return this.dependents.get(id);
  }

  save(job: Job, log: UndoLog): Job {
    const stored = frozenJob(job);
    const previous = this.get(stored.id);
    const change = previous === undefined ? null : statusChange(previous, stored);
    if (change !== null) this.history.record(stored.id, change, log);
    this.put(stored.id, stored, log);
    return stored;
  }

  /** Removes the jobs and every edge touching them: surviving dependents lose those dependencies. */
  removeJobs(ids: Iterable<number>, log: UndoLog): void {
    const doomed = new Set([...ids].filter((id) => this.get(id) !== undefined));
    const survivors = new Set<number>();
    for (const id of doomed) for (const dependent of this.dependentsOf(id)) if (!doomed.has(dependent)) survivors.add(dependent);
    for (const id of survivors) {
      const job = this.get(id)!;
      this.save({ ...job, dependencies: job.dependencies.filter((d) => !doomed.has(d)) }, log);
    }
    for (const id of doomed) {
      this.remove(id, log);
      this.history.remove(id, log);
    }
  }

  protected reindex(previous: Job | undefined, next: Job | undefined): void {
    if (previous !== undefined) {
      this.byProject.delete(previous.projectId, previous.id);
      this.byTask.delete(previous.taskId, previous.id);
      if (previous.status === 'PENDING') this.pendingByProject.delete(previous.projectId, previous.id);
      for (const dependency of previous.dependencies) this.dependents.delete(dependency, previous.id);
    }
    if (next !== undefined) {
      this.byProject.add(next.projectId, next.id);
      this.byTask.add(next.taskId, next.id);
      if (next.status === 'PENDING') this.pendingByProject.add(next.projectId, next.id);
      for (const dependency of next.dependencies) this.dependents.add(dependency, next.id);
    }
    this.ready.update(previous, next);
    this.leases.update(previous, next);
    this.counts.update(previous, next);
  }
}
