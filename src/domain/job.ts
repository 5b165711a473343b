import type { JobStatus } from './job-status.js';
import type { Requirements } from './resources.js';

/** Who holds a claimed job, until when. A claim without an expiry (a worker's without a lease, or any when unleased claims are kept forever) never expires. */
export interface Lease {
  readonly owner: string | null;
  readonly expiresAt: Date | null;
}

export interface Job {
  readonly id: number;
  readonly projectId: number;
  readonly taskId: number;
  readonly name: string;
  /** The parameters' original JSON text: key order, `1.0` and big integers survive untouched. */
  readonly parameters: string;
  readonly priority: number;
  readonly status: JobStatus;
  /** Ids of the jobs this one waits for. */
  readonly dependencies: readonly number[];
  /** Dependencies not yet COMPLETED: a PENDING job is ready at 0. */
  readonly unmetDependencies: number;
  /** The task's requirements, copied so that a claim can filter without a join. */
  readonly requirements: Requirements;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lease: Lease | null;
  readonly exitCode: number | null;
  readonly failureReason: string | null;
  /** The FAILED or CANCELLED job whose failure blocks this one. */
  readonly blockedBy: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** A job before the store gives it an id; dependencies may still name jobs of the same batch. */
export type NewJob = Omit<Job, 'id' | 'dependencies'> & { readonly dependencies: readonly DependencyTarget[] };

/** A resolved dependency: an existing job's id, or the position of a job in the same batch. */
export type DependencyTarget = { readonly kind: 'job'; readonly id: number } | { readonly kind: 'batch'; readonly index: number };

export const isReady = (job: Job): boolean => job.status === 'PENDING' && job.unmetDependencies === 0;

/** Claim order: highest priority first, then oldest (lowest id) first. */
export const claimOrder = (a: Pick<Job, 'id' | 'priority'>, b: Pick<Job, 'id' | 'priority'>): number =>
  b.priority - a.priority || a.id - b.id;
