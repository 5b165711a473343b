import * as E from 'fp-ts/lib/Either.js';
import type { ClientError } from '../../client/client-error.js';
import type { JobView, WhatsNextClient } from '../../client/whatsnext-client.js';
import { clip, renderTable } from './table.js';
import { paintStatus, type Colors } from './terminal.js';

const PAGE = 10_000;

/** Up to `max` jobs matching the query, in id order, fetched a page (10,000) at a time, each after the last id of the one before. */
export const listJobsUpTo = async (
  client: WhatsNextClient,
  query: { projectId: number; taskId?: number | undefined; status?: string | undefined },
  max: number,
): Promise<E.Either<ClientError, JobView[]>> => {
  const jobs: JobView[] = [];
  while (jobs.length < max) {
    const limit = Math.min(PAGE, max - jobs.length);
    const last = jobs.at(-1);
    const page = await client.listJobs({ ...query, limit, ...(last === undefined ? {} : { afterId: last.id }) });
    if (E.isLeft(page)) return page;
    jobs.push(...page.right);
    if (page.right.length < limit) break;
  }
  return E.right(jobs);
};

/** Task names by id, for the TASK column. */
export const taskNamesOf = async (client: WhatsNextClient, projectId: number): Promise<Map<number, string>> => {
  const tasks = await client.listTasks(projectId, { limit: 10_000 });
  return new Map(E.isRight(tasks) ? tasks.right.map((task) => [task.id, task.name]) : []);
};

export const JOB_HEADERS = ['ID', 'NAME', 'TASK', 'STATUS', 'PRIORITY', 'ATTEMPTS', 'PARAMETERS', 'CREATED'];

/** Jobs as an aligned table; parameters as their exact text, shortened. */
export const renderJobs = (colors: Colors, jobs: readonly JobView[], taskNames: ReadonlyMap<number, string>): string =>
  renderTable(
    colors,
    JOB_HEADERS,
    jobs.map((job) => [
      job.id,
      clip(job.name, 40),
      taskNames.get(job.task_id) ?? job.task_id,
      paintStatus(colors, job.status),
      job.priority,
      job.max_attempts === undefined ? (job.attempts ?? '') : `${job.attempts ?? 0}/${job.max_attempts}`,
      clip(job.parametersText, 50),
      job.created_at,
    ]),
  );

/** Dependency ids of a job, from its `depends` keys. */
export const dependencyIdsOf = (job: JobView): number[] => Object.keys(job.depends).map(Number).filter(Number.isSafeInteger);
