import { Command, Option } from 'clipanion';
import { jsonOption, limitValidator, NetworkedCommand } from '../../shared/networked-command.js';
import { renderTable } from '../../shared/table.js';
import { TASK_HEADERS, taskRow } from '../../shared/task-options.js';

export class TasksLsCommand extends NetworkedCommand {
  static override paths = [['tasks', 'ls']];

  static override usage = Command.Usage({
    category: 'Tasks',
    description: "List the project's tasks",
    details: 'Each task with what its jobs need (CPU, accelerators, memory), its attempts, timeout and command template.',
    examples: [
      ['Tasks of the configured project', '$0 tasks ls'],
      ['Of another project, as JSON', '$0 tasks ls --project vision --json'],
    ],
  });

  limit = Option.String('-n,--limit', { description: 'At most this many (default 1000)', validator: limitValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const project = await this.currentProject();
    const tasks = await this.need(this.client().listTasks(project.id, { limit: this.limit ?? 1000 }));
    if (this.json) {
      this.writeJson(tasks);
      return 0;
    }
    if (tasks.length === 0) {
      this.note(`No tasks in ${project.name}. Create one with: whatsnext tasks create NAME`);
      return 0;
    }
    this.write(renderTable(this.colors, TASK_HEADERS, tasks.map(taskRow)));
    return 0;
  }
}
