import { Command, Option } from 'clipanion';
import { usageError } from '../../shared/cli-failure.js';
import { findTask } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { taskOption, taskOptionsFrom } from '../../shared/task-options.js';

export class TasksUpdateCommand extends NetworkedCommand {
  static override paths = [['tasks', 'update']];

  static override usage = Command.Usage({
    category: 'Tasks',
    description: 'Change a task',
    details: 'Changes only what is given. `--command-template ""` removes the template, `--timeout none` the timeout, `--retention project` the task\'s own retention.',
    examples: [
      ['Give train two GPUs', '$0 tasks update train --accelerators 2'],
      ['Rename it and stop retries', '$0 tasks update train --name train-v2 --no-retry-on-failure'],
      ['Delete its jobs as they complete', '$0 tasks update train --retention remove_on_complete'],
    ],
  });

  target = Option.String({ name: 'task' });
  rename = Option.String('--name', { description: 'A new name' });
  cpu = taskOption.cpu();
  accelerators = taskOption.accelerators();
  memory = taskOption.memory();
  commandTemplate = taskOption.commandTemplate();
  maxAttempts = taskOption.maxAttempts();
  timeout = taskOption.timeout();
  retryOnFailure = taskOption.retryOnFailure();
  retention = taskOption.retention();
  json = jsonOption();

  async execute(): Promise<number> {
    const changes = { ...taskOptionsFrom(this), ...(this.rename !== undefined ? { name: this.rename } : {}) };
    if (Object.keys(changes).length === 0) throw usageError('nothing to change: give --name, --cpu, --accelerators, --memory, --command-template, --max-attempts, --timeout, --retry-on-failure or --retention');
    const project = await this.currentProject();
    const client = this.client();
    const task = await this.need(findTask(client, project.id, this.target), `task '${this.target}'`);
    const updated = await this.need(client.updateTask(task.id, changes), `cannot update task '${task.name}'`);
    if (this.json) this.writeJson(updated);
    else this.write(`Updated task ${updated.name} (id ${updated.id})\n`);
    return 0;
  }
}
