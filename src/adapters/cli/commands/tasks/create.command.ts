import { Command, Option } from 'clipanion';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { taskOption, taskOptionsFrom } from '../../shared/task-options.js';

export class TasksCreateCommand extends NetworkedCommand {
  static override paths = [['tasks', 'create']];

  static override usage = Command.Usage({
    category: 'Tasks',
    description: 'Create a task in the project',
    details: `
      A task names a kind of job and what each of its jobs needs. A worker runs a job by filling
      the task's command template with the job's parameters. Task names are unique per project.
    `,
    examples: [
      ['A task needing one CPU', '$0 tasks create prepare'],
      ['A GPU task with a command, retried up to 3 times, killed after an hour', '$0 tasks create train --cpu 4 --accelerators 1 --memory 16G --command-template "python train.py --lr {lr} --seed {seed}" --max-attempts 3 --retry-on-failure --timeout 3600'],
    ],
  });

  name = Option.String({ name: 'name' });
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
    const options = taskOptionsFrom(this);
    const project = await this.currentProject();
    const task = await this.need(this.client().createTask(project.id, this.name, options), `cannot create task '${this.name}'`);
    if (this.json) this.writeJson(task);
    else this.write(`Created task ${task.name} (id ${task.id}) in ${project.name}\n`);
    return 0;
  }
}
