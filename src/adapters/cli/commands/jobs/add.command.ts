import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import { jobJson } from '../../shared/json-output.js';
import { priorityValidator } from '../../shared/job-options.js';
import { findTask } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { jobName, paramsJson, parseParams } from '../../shared/param-value.js';

export class JobsAddCommand extends NetworkedCommand {
  static override paths = [['jobs', 'add']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Add a job to the queue',
    details: `
      \`--param key=value\` (repeatable) sets a parameter, typed as the original CLI: a value with
      a "." is a float (written exactly: \`1.0\` stays \`1.0\`), else an integer, else true/false,
      else a string. \`--depends ID\` (repeatable) makes the job wait until that job COMPLETED. The
      name defaults to the task name followed by the parameters (\`train lr=0.1 seed=3\`).
      Prints the new job's id.
    `,
    examples: [
      ['A job of the task train', '$0 jobs add train --param lr=0.1 --param seed=3'],
      ['After job 12, before others', '$0 jobs add evaluate --param checkpoint=best --depends 12 --priority 10'],
      ['Named, as JSON', '$0 jobs add train --name baseline --param lr=1.0 --json'],
    ],
  });

  task = Option.String({ name: 'task' });
  params = Option.Array('--param', [], { description: 'key=value (repeatable)' });
  depends = Option.Array('-d,--depends', [], { description: 'Id of a job this one waits for (repeatable)', validator: t.isArray(t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)])) });
  priority = Option.String('--priority', { description: 'Higher runs first (default 0)', validator: priorityValidator });
  name = Option.String('--name', { description: 'Job name (default: the task and its parameters)' });
  json = jsonOption();

  async execute(): Promise<number> {
    const entries = parseParams(this.params);
    const project = await this.currentProject();
    const client = this.client();
    const task = await this.need(findTask(client, project.id, this.task), `task '${this.task}'`);
    const depends: Record<string, string> = {};
    for (const id of this.depends) depends[String(id)] = (await this.need(client.getJob(id), `dependency ${id}`)).name;
    const job = await this.need(
      client.createJob(project.id, {
        name: this.name ?? jobName(task.name, entries),
        task_id: task.id,
        parameters: paramsJson(entries),
        priority: this.priority ?? 0,
        depends,
      }),
      'cannot add the job',
    );
    if (this.json) this.writeJson(jobJson(job));
    else this.write(`Added job ${job.id} (${job.name}) ${job.status}\n`);
    return 0;
  }
}
