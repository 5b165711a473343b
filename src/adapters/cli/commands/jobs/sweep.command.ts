import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import type { NewJob } from '../../../client/client-inputs.js';
import { RawJson } from '../../../json/raw-json-response.js';
import { usageError } from '../../shared/cli-failure.js';
import { renderCreated } from '../../shared/created-jobs.js';
import { expandGrid, parseGrid, randomGridPoints } from '../../shared/grid.js';
import { priorityValidator } from '../../shared/job-options.js';
import { findTask } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { jobName, paramsJson, parseParams } from '../../shared/param-value.js';
import { renderTable } from '../../shared/table.js';
import { submitInBatches } from '../../shared/submit-batch.js';

export class JobsSweepCommand extends NetworkedCommand {
  static override paths = [['jobs', 'sweep']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Add one job per point of a parameter grid',
    details: `
      \`--grid key=v1,v2,…\` (repeatable) lists a parameter's values, typed as \`--param\`; an item
      \`a..b\` (or \`a..b..step\`) is the integers from a to b. The sweep is the cartesian product
      of the grids (the first grid varying slowest), or with \`--random N\` N distinct points of it
      chosen at random (\`--seed S\` picks the same points again; without it the seed used is
      printed). \`--param\` adds fixed parameters to every job. Jobs are named after the task and
      their parameters (\`train lr=0.1 seed=3\`) and sent in one batch (batches of 5,000 beyond
      that, with a progress bar on a terminal). \`--dry-run\` shows the jobs without adding them.
    `,
    examples: [
      ['Two learning rates times five seeds: 10 jobs', '$0 jobs sweep train --grid lr=0.1,0.01 --grid seed=1..5'],
      ['Eight random points of a larger grid, reproducibly', '$0 jobs sweep train --grid lr=0.1,0.03,0.01,0.003 --grid batch=32,64,128 --grid seed=1..10 --random 8 --seed 42'],
      ['See what would be added', '$0 jobs sweep train --grid lr=0.1,0.01 --param epochs=10 --dry-run'],
    ],
  });

  task = Option.String({ name: 'task' });
  grids = Option.Array('-g,--grid', [], { description: 'key=v1,v2,… or key=a..b (repeatable)' });
  params = Option.Array('--param', [], { description: 'key=value given to every job (repeatable)' });
  random = Option.String('--random', { description: 'Only N random points of the grid', validator: t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)]) });
  seed = Option.String('--seed', { description: 'Seed for --random (an integer)', validator: t.cascade(t.isNumber(), [t.isInteger()]) });
  priority = Option.String('--priority', { description: 'Priority of every job (default 0)', validator: priorityValidator });
  dryRun = Option.Boolean('--dry-run', false, { description: 'Show the jobs without adding them' });
  json = jsonOption();

  async execute(): Promise<number> {
    if (this.grids.length === 0) throw usageError('give at least one --grid key=v1,v2,…');
    if (this.seed !== undefined && this.random === undefined) throw usageError('--seed needs --random N');
    const dimensions = parseGrid(this.grids);
    const fixed = parseParams(this.params);
    const clash = fixed.find(([key]) => dimensions.some((d) => d.key === key));
    if (clash) throw usageError(`${clash[0]} is both a --grid and a --param`);
    const seed = this.seed ?? Math.floor(Math.random() * 2 ** 31);
    if (this.random !== undefined && this.seed === undefined) this.note(`random seed: ${seed} (pass --seed ${seed} to pick the same points)`);
    const points = this.random === undefined ? expandGrid(dimensions) : randomGridPoints(dimensions, this.random, seed);
    const plan = (taskName: string) => points.map((point) => ({ name: jobName(taskName, point), parameters: paramsJson([...point, ...fixed]) }));
    if (this.dryRun) {
      const planned = plan(this.task);
      if (this.json) this.writeJson(planned.map((job) => ({ name: job.name, parameters: new RawJson(job.parameters) })));
      else this.write(`${renderTable(this.colors, ['NAME', 'PARAMETERS'], planned.map((job) => [job.name, job.parameters]))}${planned.length} job${planned.length === 1 ? '' : 's'} (dry run: nothing added)\n`);
      return 0;
    }
    const project = await this.currentProject();
    const client = this.client();
    const task = await this.need(findTask(client, project.id, this.task), `task '${this.task}'`);
    const jobs: NewJob[] = plan(task.name).map((job) => ({
      name: job.name,
      task_id: task.id,
      parameters: job.parameters,
      priority: this.priority ?? 0,
    }));
    const ids = await this.need(submitInBatches(client, this.context, project.id, jobs, 'Adding sweep'), 'cannot add the sweep');
    const created = jobs.map((job, i) => ({ id: ids[i]!, name: job.name, parameters: new RawJson(job.parameters as string) }));
    if (this.json) this.writeJson({ created: ids.length, job_ids: ids, jobs: created });
    else this.write(renderCreated(this.colors, created));
    return 0;
  }
}
