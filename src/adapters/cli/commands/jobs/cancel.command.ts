import { Command, Option } from 'clipanion';
import { jobJson } from '../../shared/json-output.js';
import { parseIds } from '../../shared/job-options.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { paintStatus } from '../../shared/terminal.js';

export class JobsCancelCommand extends NetworkedCommand {
  static override paths = [['jobs', 'cancel']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Cancel jobs',
    details: 'A PENDING, QUEUED, RUNNING or BLOCKED job becomes CANCELLED (a running one is stopped by its worker); jobs waiting on it become BLOCKED.',
    examples: [
      ['Cancel job 12', '$0 jobs cancel 12'],
      ['Cancel several', '$0 jobs cancel 12 13 14'],
    ],
  });

  ids = Option.Rest({ name: 'id', required: 1 });
  json = jsonOption();

  async execute(): Promise<number> {
    const ids = parseIds(this.ids);
    const done = [];
    for (const id of ids) {
      const job = await this.need(this.client().cancelJob(id), `cannot cancel job ${id}`);
      done.push(job);
      if (!this.json) this.write(`Cancelled job ${job.id} (${job.name}) ${paintStatus(this.colors, job.status)}\n`);
    }
    if (this.json) this.writeJson(done.map(jobJson));
    return 0;
  }
}
