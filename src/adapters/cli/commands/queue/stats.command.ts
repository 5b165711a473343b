import { Command } from 'clipanion';
import { JOB_STATUSES } from '../../shared/job-options.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { renderTable } from '../../shared/table.js';
import { paintStatus } from '../../shared/terminal.js';

export class QueueStatsCommand extends NetworkedCommand {
  static override paths = [['queue', 'stats']];

  static override usage = Command.Usage({
    category: 'Queue',
    description: 'Count the project\'s jobs by status and by task',
    details: 'One row per task and a total, one column per status.',
    examples: [
      ['Counts', '$0 queue stats'],
      ['As JSON', '$0 queue stats --json'],
    ],
  });

  json = jsonOption();

  async execute(): Promise<number> {
    const project = await this.currentProject();
    const stats = await this.need(this.client().stats(project.id), `statistics of ${project.name}`);
    if (this.json) {
      this.writeJson(stats);
      return 0;
    }
    const c = this.colors;
    const counts = (by: Readonly<Record<string, number>>) => JOB_STATUSES.map((s) => by[s] ?? 0);
    this.write(
      renderTable(
        c,
        ['TASK', ...JOB_STATUSES.map((s) => paintStatus(c, s)), 'TOTAL'],
        [...stats.by_task.map((task) => [task.task_name, ...counts(task.by_status), task.total]), [c.bold('all'), ...counts(stats.by_status), stats.total]],
      ),
    );
    return 0;
  }
}
