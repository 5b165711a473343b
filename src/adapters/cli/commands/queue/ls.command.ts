import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import type { JobView } from '../../../client/whatsnext-client.js';
import { listJobsUpTo, renderJobs, taskNamesOf } from '../../shared/job-listing.js';
import { jobStatusOption, jsonJobs } from '../../shared/job-options.js';
import { findTask } from '../../shared/lookups.js';
import { jsonOption, limitValidator, NetworkedCommand } from '../../shared/networked-command.js';

/** Unfinished jobs, in the order they will be handed out after those already out. */
const QUEUE_STATUSES = ['RUNNING', 'QUEUED', 'PENDING', 'BLOCKED'];
const FETCH_PER_STATUS = 10_000;

const claimOrder = (a: JobView, b: JobView): number => b.priority - a.priority || a.id - b.id;

export class QueueLsCommand extends NetworkedCommand {
  static override paths = [['queue', 'ls']];

  static override usage = Command.Usage({
    category: 'Queue',
    description: "Show the project's queue",
    details: `
      Jobs not finished yet: RUNNING, then QUEUED, then PENDING in the order workers will claim
      them (priority, then age), then BLOCKED. \`--status\` shows one status instead (any, in
      claim order), \`--task\` one task's jobs. Shows the first 50 (\`-n\`); the last line says how
      many more there are.
    `,
    examples: [
      ['What is waiting and running', '$0 queue ls'],
      ['The next 10 pending jobs of train', '$0 queue ls --status pending --task train -n 10'],
      ['As JSON', '$0 queue ls --json'],
    ],
  });

  status = jobStatusOption();
  task = Option.String('-t,--task', { description: 'Only jobs of this task (name or id)' });
  limit = Option.String('-n,--limit', { description: 'Show at most this many (default 50)', validator: limitValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const project = await this.currentProject();
    const client = this.client();
    const task = this.task === undefined ? undefined : await this.need(findTask(client, project.id, this.task), `task '${this.task}'`);
    const wanted = this.status === undefined ? QUEUE_STATUSES : this.status.toUpperCase() === 'ALL' ? [undefined] : [this.status.toUpperCase()];
    const jobs: JobView[] = [];
    for (const status of wanted) {
      const some = await this.need(listJobsUpTo(client, { projectId: project.id, taskId: task?.id, status }, FETCH_PER_STATUS));
      jobs.push(...some.sort(claimOrder));
    }
    const limit = this.limit ?? 50;
    const shown = jobs.slice(0, limit);
    if (this.json) {
      this.write(jsonJobs(shown));
      return 0;
    }
    if (jobs.length === 0) {
      this.note(`The queue of ${project.name} is empty.`);
      return 0;
    }
    this.write(renderJobs(this.colors, shown, await taskNamesOf(client, project.id)));
    if (jobs.length > shown.length) {
      const stats = this.status === undefined && task === undefined ? await client.stats(project.id) : null;
      const total = stats && E.isRight(stats) ? QUEUE_STATUSES.reduce((n, s) => n + (stats.right.by_status[s] ?? 0), 0) : jobs.length;
      this.write(`… and ${total - shown.length} more (-n to show more, whatsnext queue stats for counts)\n`);
    }
    return 0;
  }
}
