import { Command, Option } from 'clipanion';
import { findTask } from '../../shared/lookups.js';
import { forceOption, NetworkedCommand } from '../../shared/networked-command.js';
import { confirmDeletion } from '../../shared/confirmation.js';

export class TasksDeleteCommand extends NetworkedCommand {
  static override paths = [['tasks', 'delete']];

  static override usage = Command.Usage({
    category: 'Tasks',
    description: 'Delete a task with its jobs',
    details: 'TASK is a task name of the project, or a task id. It cannot be undone: asks y/N on a terminal, needs --force elsewhere.',
    examples: [['Delete the task train', '$0 tasks delete train --force']],
  });

  target = Option.String({ name: 'task' });
  force = forceOption();

  async execute(): Promise<number> {
    await confirmDeletion(this.context, this.force, `deleting task '${this.target}' with its jobs`);
    const project = await this.currentProject();
    const client = this.client();
    const task = await this.need(findTask(client, project.id, this.target), `task '${this.target}'`);
    await this.need(client.deleteTask(task.id), `cannot delete task '${task.name}'`);
    this.write(`Deleted task ${task.name} (id ${task.id})\n`);
    return 0;
  }
}
