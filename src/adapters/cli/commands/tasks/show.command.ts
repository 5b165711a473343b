import { Command, Option } from 'clipanion';
import { findTask } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { renderFields } from '../../shared/table.js';

export class TasksShowCommand extends NetworkedCommand {
  static override paths = [['tasks', 'show']];

  static override usage = Command.Usage({
    category: 'Tasks',
    description: 'Show a task',
    details: 'TASK is a task name of the project, or a task id.',
    examples: [
      ['By name', '$0 tasks show train'],
      ['By id, as JSON', '$0 tasks show 3 --json'],
    ],
  });

  target = Option.String({ name: 'task' });
  json = jsonOption();

  async execute(): Promise<number> {
    const project = await this.currentProject();
    const task = await this.need(findTask(this.client(), project.id, this.target), `task '${this.target}'`);
    if (this.json) {
      this.writeJson(task);
      return 0;
    }
    this.write(
      renderFields(this.colors, [
        ['Task', `${task.name} (id ${task.id})`],
        ['Project', `${project.name} (id ${task.project_id})`],
        ['CPU', task.required_cpu],
        ['Accelerators', task.required_accelerators],
        ['Memory', task.required_memory_mb ? `${task.required_memory_mb} MB` : '-'],
        ['Command', task.command_template ?? '-'],
        ['Max attempts', task.max_attempts ?? '-'],
        ['Retry on failure', task.retry_on_failure ? 'yes' : 'no'],
        ['Timeout', task.timeout_seconds == null ? '-' : `${task.timeout_seconds} s`],
        ['Retention', task.retention ?? "the project's"],
        ['Created', task.created_at],
      ]),
    );
    return 0;
  }
}
