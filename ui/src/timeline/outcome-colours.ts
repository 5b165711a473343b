import { STATUS_COLOURS } from '../dag/status-colours.js';
import { JOB_STATUSES, type JobStatus, type RunOutcome } from '../wire.js';

/** The status each outcome looks like: a run is coloured as the job it left behind. */
const LOOKS_LIKE: Record<RunOutcome, JobStatus> = {
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  // Orange, as a blocked job: it ran out of time rather than failing.
  LEASE_EXPIRED: 'BLOCKED',
  RELEASED: 'PENDING',
  CANCELLED: 'CANCELLED',
};

export const outcomeColour = (outcome: RunOutcome): string => STATUS_COLOURS[JOB_STATUSES.indexOf(LOOKS_LIKE[outcome])]!;

export const COMPLETED_COLOUR = outcomeColour('COMPLETED');
export const FAILED_COLOUR = outcomeColour('FAILED');
