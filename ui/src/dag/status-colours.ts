import { JOB_STATUSES } from '../wire.js';

/** The status index of a node that stands for the jobs of another task (beyond JOB_STATUSES). */
export const OTHER_TASK = JOB_STATUSES.length;

/** The same colours as the status badges of the style sheet, by JOB_STATUSES index, then OTHER_TASK's. */
export const STATUS_COLOURS: readonly string[] = [
  ...JOB_STATUSES.map(
    (status) =>
      ({
        PENDING: '#9aa4b1',
        QUEUED: '#79b8ff',
        RUNNING: '#0366d6',
        COMPLETED: '#28a745',
        FAILED: '#d73a49',
        BLOCKED: '#f66a0a',
        CANCELLED: '#586069',
      })[status],
  ),
  '#6f42c1',
];
