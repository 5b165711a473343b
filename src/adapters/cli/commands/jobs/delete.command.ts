import { Command, Option } from 'clipanion';
import { parseIds } from '../../shared/job-options.js';
import { forceOption, NetworkedCommand } from '../../shared/networked-command.js';
import { confirmDeletion } from '../../shared/confirmation.js';

export class JobsDeleteCommand extends NetworkedCommand {
  static override paths = [['jobs', 'delete']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Delete jobs',
    details: 'Whatever their state. Jobs still waiting on a deleted job become BLOCKED. Asks y/N on a terminal; needs --force elsewhere.',
    examples: [['Delete jobs 12 and 13', '$0 jobs delete 12 13 --force']],
  });

  ids = Option.Rest({ name: 'id', required: 1 });
  force = forceOption();

  async execute(): Promise<number> {
    const ids = parseIds(this.ids);
    await confirmDeletion(this.context, this.force, `deleting job${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`);
    for (const id of ids) {
      await this.need(this.client().deleteJob(id), `cannot delete job ${id}`);
      this.write(`Deleted job ${id}\n`);
    }
    return 0;
  }
}
