import type { ExecutionContext } from 'ava';
import * as fc from 'fast-check';
import type { Job } from '../../src/domain/job.js';
import type { JobStatus } from '../../src/domain/job-status.js';

/** Fixed instants: tests never read the clock. */
export const CREATED = new Date('2025-12-31T00:00:00Z');
export const NOW = new Date('2026-01-01T00:00:00Z');
/** A later instant at which transitions happen, so that `updatedAt` visibly moves. */
export const LATER = new Date('2026-01-01T00:00:30Z');

export const seconds = (at: Date, count: number): Date => new Date(at.getTime() + count * 1000);

/** A PENDING, ready job with every field set to a plain value; override what the test is about. */
export const makeJob = (overrides: Partial<Job> = {}): Job => ({
  id: 1,
  projectId: 10,
  taskId: 100,
  name: 'job-1',
  parameters: '{"lr":1.0}',
  priority: 0,
  status: 'PENDING',
  dependencies: [],
  unmetDependencies: 0,
  requirements: { cpu: 1, accelerators: 0, memoryMb: 0 },
  attempts: 0,
  maxAttempts: 3,
  lease: null,
  exitCode: null,
  failureReason: null,
  blockedBy: null,
  createdAt: CREATED,
  updatedAt: CREATED,
  startedAt: null,
  finishedAt: null,
  ...overrides,
});

/** The worker that holds the lease of the QUEUED and RUNNING fixtures. */
export const OWNER = 'w1';
export const LEASE_EXPIRY = seconds(NOW, 60);

/** A consistent job in the given status, as the state machine would have left it. */
export const jobIn = (status: JobStatus, overrides: Partial<Job> = {}): Job => {
  const base: Record<JobStatus, Partial<Job>> = {
    PENDING: {},
    QUEUED: { attempts: 1, lease: { owner: OWNER, expiresAt: LEASE_EXPIRY } },
    RUNNING: { attempts: 1, lease: { owner: OWNER, expiresAt: LEASE_EXPIRY }, startedAt: NOW },
    COMPLETED: { attempts: 1, exitCode: 0, startedAt: NOW, finishedAt: NOW },
    FAILED: { attempts: 1, exitCode: 2, failureReason: 'exit 2', startedAt: NOW, finishedAt: NOW },
    BLOCKED: { unmetDependencies: 1, dependencies: [7], blockedBy: 7, failureReason: 'blocked by job 7' },
    CANCELLED: { failureReason: 'cancelled', finishedAt: NOW },
  };
  return makeJob({ status, updatedAt: NOW, ...base[status], ...overrides });
};

/** Run a fast-check property deterministically (fixed seed) and report a counterexample through ava. */
export const holds = <Ts>(t: ExecutionContext, property: fc.IProperty<Ts>, numRuns = 200): void => {
  const details = fc.check(property, { seed: 20260101, numRuns });
  t.false(details.failed, fc.defaultReportMessage(details) ?? 'property failed');
  t.is(details.numRuns, numRuns);
};
