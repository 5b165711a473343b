import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import { jobJson } from '../../shared/json-output.js';
import { idValidator, jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { renderFields } from '../../shared/table.js';
import { paintStatus } from '../../shared/terminal.js';

export class JobsShowCommand extends NetworkedCommand {
  static override paths = [['jobs', 'show']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: 'Show a job',
    details: 'Its state, parameters (exact), attempts, lease, timings, and where its dependencies stand.',
    examples: [
      ['Job 12', '$0 jobs show 12'],
      ['As JSON', '$0 jobs show 12 --json'],
    ],
  });

  id = Option.String({ name: 'id', validator: idValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const client = this.client();
    const job = await this.need(client.getJob(this.id), `job ${this.id}`);
    const deps = await client.dependencies(job.id);
    const dependencies = E.isRight(deps) ? deps.right.dependencies : [];
    const task = await client.getTask(job.task_id);
    if (this.json) {
      this.writeJson({ ...jobJson(job), task_name: E.isRight(task) ? task.right.name : null, dependencies });
      return 0;
    }
    const c = this.colors;
    this.write(
      renderFields(c, [
        ['Job', `${job.name} (id ${job.id})`],
        ['Task', E.isRight(task) ? `${task.right.name} (id ${job.task_id})` : String(job.task_id)],
        ['Status', paintStatus(c, job.status) + (job.failure_reason ? ` (${job.failure_reason})` : '') + (job.blocked_by ? ` by job ${job.blocked_by}` : '')],
        ['Priority', job.priority],
        ['Parameters', job.parametersText],
        ['Depends on', dependencies.length === 0 ? '-' : dependencies.map((d) => `${d.job_id} ${d.job_name} ${paintStatus(c, d.status)}`).join('; ')],
        ['Attempts', job.max_attempts === undefined ? (job.attempts ?? '-') : `${job.attempts ?? 0} of ${job.max_attempts}`],
        ['Exit code', job.exit_code ?? '-'],
        ['Worker', job.lease_owner ? `${job.lease_owner} (lease until ${job.lease_expires_at ?? '?'})` : '-'],
        ['Started', job.started_at ?? '-'],
        ['Finished', job.finished_at ?? '-'],
        ['Created', job.created_at],
        ['Updated', job.updated_at],
      ]),
    );
    return 0;
  }
}
