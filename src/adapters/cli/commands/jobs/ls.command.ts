import { Command, Option } from 'clipanion';
import { listJobsUpTo, renderJobs, taskNamesOf } from '../../shared/job-listing.js';
import { jsonJobs, jobStatusOption } from '../../shared/job-options.js';
import { findTask } from '../../shared/lookups.js';
import { jsonOption, limitValidator, NetworkedCommand } from '../../shared/networked-command.js';

export class JobsLsCommand extends NetworkedCommand {
  static override paths = [['jobs', 'ls']];

  static override usage = Command.Usage({
    category: 'Jobs',
    description: "List the project's jobs",
    details: 'Every status by default, ordered by id; filter with `--status` and `--task`. `--json` prints the parameters exactly as stored.',
    examples: [
      ['The first 100 jobs', '$0 jobs ls'],
      ['Failed jobs of the task train', '$0 jobs ls --status failed --task train'],
      ['All jobs as JSON', '$0 jobs ls -n 10000 --json'],
    ],
  });

  status = jobStatusOption();
  task = Option.String('-t,--task', { description: 'Only jobs of this task (name or id)' });
  limit = Option.String('-n,--limit', { description: 'At most this many (default 100)', validator: limitValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const project = await this.currentProject();
    const client = this.client();
    const task = this.task === undefined ? undefined : await this.need(findTask(client, project.id, this.task), `task '${this.task}'`);
    const status = this.status === undefined || this.status.toUpperCase() === 'ALL' ? undefined : this.status.toUpperCase();
    const jobs = await this.need(listJobsUpTo(client, { projectId: project.id, taskId: task?.id, status }, this.limit ?? 100));
    if (this.json) {
      this.write(jsonJobs(jobs));
      return 0;
    }
    if (jobs.length === 0) {
      this.note(`No jobs${status ? ` ${status}` : ''} in ${project.name}.`);
      return 0;
    }
    this.write(renderJobs(this.colors, jobs, await taskNamesOf(client, project.id)));
    return 0;
  }
}
