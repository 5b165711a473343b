import { Command } from 'clipanion';
import { forceOption, jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { confirmDeletion } from '../../shared/confirmation.js';

export class QueueClearCommand extends NetworkedCommand {
  static override paths = [['queue', 'clear']];

  static override usage = Command.Usage({
    category: 'Queue',
    description: "Delete the project's PENDING jobs",
    details: 'Jobs already handed out, finished or blocked stay. Asks y/N on a terminal; needs --force elsewhere.',
    examples: [['Empty the queue', '$0 queue clear --force']],
  });

  force = forceOption();
  json = jsonOption();

  async execute(): Promise<number> {
    await confirmDeletion(this.context, this.force, 'deleting every PENDING job of the project');
    const project = await this.currentProject();
    const deleted = await this.need(this.client().clearQueue(project.id), `cannot clear the queue of ${project.name}`);
    if (this.json) this.writeJson({ deleted });
    else this.write(`Deleted ${deleted} pending job${deleted === 1 ? '' : 's'} of ${project.name}\n`);
    return 0;
  }
}
