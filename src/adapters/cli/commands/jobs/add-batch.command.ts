import { readFileSync } from 'node:fs';
import { Command, Option } from 'clipanion';
import type { NewJob } from '../../../client/client-inputs.js';
import { parseBatchFile } from '../../shared/batch-file.js';
import { CliFailure } from '../../shared/cli-failure.js';
import { renderCreated } from '../../shared/created-jobs.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { entriesOfJson, jobName } from '../../shared/param-value.js';
import { submitInBatches } from '../../shared/submit-batch.js';

const defaultName = (task: string, parameters: string): string => jobName(task, entriesOfJson(parameters));

export class JobsAddBatchCommand extends NetworkedCommand {
  static override paths = [['jobs', 'add-batch']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Add many jobs, or a whole DAG, from a YAML or JSON file',
    details: `
      The file is a list of jobs (or a mapping with \`jobs:\` and an optional default \`task:\`).
      Each job has \`task\` (a task name), and optionally \`name\`, \`parameters\` (kept exactly:
      \`1.0\` stays \`1.0\`), \`priority\`, \`key\`, and \`depends_on\`: a list of ids of existing jobs
      (numbers), keys of jobs of the same file (strings), or \`{position: n}\` (the n-th job of the
      file, from 0). Jobs of the file may depend on each other: the whole DAG goes in one batch,
      all or nothing. Files of more than 5,000 jobs are sent in batches of 5,000 (jobs tied by
      references stay together), with a progress bar on a terminal.

      Example file:

        - {key: prep, task: prepare, parameters: {dataset: cifar10}}
        - {key: a, task: train, parameters: {lr: 0.1}, depends_on: [prep]}
        - {key: b, task: train, parameters: {lr: 1.0}, depends_on: [prep], priority: 5}
        - {task: evaluate, name: compare, depends_on: [a, b]}
    `,
    examples: [
      ['Add the jobs of pipeline.yaml', '$0 jobs add-batch pipeline.yaml'],
      ['From JSON, printing the new ids as JSON', '$0 jobs add-batch jobs.json --json'],
    ],
  });

  file = Option.String({ name: 'file' });
  json = jsonOption();

  async execute(): Promise<number> {
    let source: string;
    try {
      source = readFileSync(this.file, 'utf8');
    } catch (error) {
      throw new CliFailure(`cannot read ${this.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const specs = parseBatchFile(source, this.file);
    const project = await this.currentProject();
    const client = this.client();
    const taskIds = new Map<string, number>();
    for (const name of new Set(specs.map((spec) => spec.task))) {
      taskIds.set(name, (await this.need(client.getTaskByName(name, project.id), `task '${name}'`)).id);
    }
    const jobs: NewJob[] = specs.map((spec) => ({
      name: spec.name ?? defaultName(spec.task, spec.parameters),
      task_id: taskIds.get(spec.task)!,
      parameters: spec.parameters,
      priority: spec.priority,
      ...(spec.key !== null ? { key: spec.key } : {}),
      ...(spec.dependsOn.length > 0 ? { depends_on: spec.dependsOn } : {}),
      ...(spec.dependsOnNames.length > 0 ? { depends: Object.fromEntries(spec.dependsOnNames.map((name) => [name, name])) } : {}),
    }));
    const ids = await this.need(submitInBatches(client, this.context, project.id, jobs, 'Adding jobs'), `cannot add the jobs of ${this.file}`);
    const created = jobs.map((job, i) => ({ id: ids[i]!, name: job.name, key: job.key ?? null }));
    if (this.json) this.writeJson({ created: ids.length, job_ids: ids, jobs: created });
    else this.write(renderCreated(this.colors, created));
    return 0;
  }
}
