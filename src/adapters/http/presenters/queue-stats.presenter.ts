import type { QueueStatistics } from '../../../application/jobs/queue-stats.js';
import type { StatsAnswer } from '../answers/queue.answers.js';

export const presentQueueStats = (stats: QueueStatistics): StatsAnswer => ({
  project_id: stats.projectId,
  total: stats.total,
  by_status: stats.byStatus,
  by_task: stats.byTask.map((t) => ({ task_id: t.taskId, task_name: t.taskName, total: t.total, by_status: t.byStatus })),
});
