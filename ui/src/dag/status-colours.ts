import { JOB_STATUSES } from '../wire.js';

/** The same colours as the status badges of the style sheet, by JOB_STATUSES index. */
export const STATUS_COLOURS: readonly string[] = JOB_STATUSES.map(
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
);
