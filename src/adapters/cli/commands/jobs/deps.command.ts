import { Command, Option } from 'clipanion';
import { idValidator, jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { renderTable } from '../../shared/table.js';
import { paintStatus } from '../../shared/terminal.js';

export class JobsDepsCommand extends NetworkedCommand {
  static override paths = [['jobs', 'deps']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: "Show where a job's dependencies stand",
    details: 'Each job it waits for with its status; whether all completed, and whether one failed (which blocks the job).',
    examples: [
      ['Dependencies of job 12', '$0 jobs deps 12'],
      ['As JSON', '$0 jobs deps 12 --json'],
    ],
  });

  id = Option.String({ name: 'id', validator: idValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const report = await this.need(this.client().dependencies(this.id), `job ${this.id}`);
    if (this.json) {
      this.writeJson(report);
      return 0;
    }
    const c = this.colors;
    this.write(`Job ${report.job_id} (${report.job_name}) ${paintStatus(c, report.status)}\n`);
    if (report.dependencies.length === 0) {
      this.write('No dependencies.\n');
      return 0;
    }
    this.write(renderTable(c, ['ID', 'NAME', 'STATUS'], report.dependencies.map((d) => [d.job_id, d.job_name, paintStatus(c, d.status)])));
    this.write(report.all_completed ? 'All completed: the job can run.\n' : report.has_failed ? c.red('A dependency failed: the job is blocked until it is retried.\n') : 'Waiting for the others to complete.\n');
    return 0;
  }
}
