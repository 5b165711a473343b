import { Command, Option } from 'clipanion';
import { jobJson } from '../../shared/json-output.js';
import { parseIds } from '../../shared/job-options.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { paintStatus } from '../../shared/terminal.js';

export class JobsRetryCommand extends NetworkedCommand {
  static override paths = [['jobs', 'retry']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Retry failed, blocked or cancelled jobs',
    details: 'Each job goes back to PENDING; the jobs it blocked wait for it again.',
    examples: [
      ['Retry job 12', '$0 jobs retry 12'],
      ['Retry several', '$0 jobs retry 12 13'],
    ],
  });

  ids = Option.Rest({ name: 'id', required: 1 });
  json = jsonOption();

  async execute(): Promise<number> {
    const done = [];
    for (const id of parseIds(this.ids)) {
      const job = await this.need(this.client().retryJob(id), `cannot retry job ${id}`);
      done.push(job);
      if (!this.json) this.write(`Retried job ${job.id} (${job.name}) ${paintStatus(this.colors, job.status)}\n`);
    }
    if (this.json) this.writeJson(done.map(jobJson));
    return 0;
  }
}
