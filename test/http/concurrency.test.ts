import test from 'ava';
import { createLab, forEachStore, submitBatch, submitJob, type Http, type StoreName, type TestServer } from './server-harness.js';

/**
 * fetch_job is an atomic claim (API.md A.4): 12 fetchers looping concurrently over 300 ready jobs
 * get each job exactly once — unlike the original, which handed jobs out ~2.7 times (B §8.5).
 */

const JOBS = 300;
const FETCHERS = 12;

interface Drained {
  readonly claimed: number[];
  /** Answers `{"job": null, "num_pending": n > 0}` while every job was ready. */
  readonly emptyButPending: number;
}

/**
 * One fetcher: claims until the queue is empty. A null job with num_pending > 0 is asked again
 * (nothing here waits on dependencies or resources, so jobs are left only if someone else holds them).
 */
const drain = async (http: Http, projectId: number, problems: string[]): Promise<Drained> => {
  const claimed: number[] = [];
  let emptyButPending = 0;
  for (;;) {
    const answer = await http.get(`/projects/${projectId}/fetch_job`);
    if (answer.status !== 200) {
      problems.push(`${answer.status} ${answer.text}`);
      return { claimed, emptyButPending };
    }
    const { job, num_pending: pending } = answer.body as { job: { id: number; status: string } | null; num_pending: number };
    if (job === null) {
      if (pending === 0) return { claimed, emptyButPending };
      emptyButPending += 1;
      continue;
    }
    if (pending < 1) problems.push(`job ${job.id} came with num_pending ${pending}`);
    if (job.status !== 'QUEUED') problems.push(`job ${job.id} handed out as ${job.status}`);
    claimed.push(job.id);
  }
};

forEachStore((store, { shared }) => {
  test(`${store}: ${FETCHERS} concurrent fetchers over ${JOBS} ready jobs get each exactly once`, async (t) => {
    const { http } = await shared();
    const lab = await createLab(http);
    const ids = await submitBatch(
      http,
      lab.projectId,
      Array.from({ length: JOBS }, (_, i) => ({ name: `j${i}`, task_id: lab.taskId, parameters: { i }, priority: i % 4 })),
    );
    t.is(ids.length, JOBS);
    const problems: string[] = [];
    const perFetcher = await Promise.all(Array.from({ length: FETCHERS }, () => drain(http, lab.projectId, problems)));
    const all = perFetcher.flatMap((f) => f.claimed);
    t.deepEqual(problems, []);
    t.is(all.length, JOBS, 'as many hand-outs as jobs');
    t.is(new Set(all).size, JOBS, 'no job twice');
    t.deepEqual([...all].sort((a, b) => a - b), [...ids].sort((a, b) => a - b), 'every job once');
    t.true(perFetcher.filter((f) => f.claimed.length > 0).length > 1, 'the fetchers really overlapped');
    const listed = (await http.get(`/jobs?project_id=${lab.projectId}&limit=10000`)).body as { status: string; attempts: number }[];
    t.true(listed.every((job) => job.status === 'QUEUED' && job.attempts === 1), 'each claimed once in the store too');
    t.deepEqual((await http.get(`/projects/${lab.projectId}/fetch_job`)).body, { job: null, num_pending: 0 });
    t.log(`${perFetcher.reduce((n, f) => n + f.emptyButPending, 0)} answers with no job but num_pending > 0`);
  });

  losersTest(store, shared);
}, ['pglite', 'postgres', 'memory']);

/** Rounds of one ready job and 12 simultaneous fetch_job calls: what the losers are told. */
const losersAnswers = async (http: Http, rounds: number) => {
  const lab = await createLab(http);
  const wrong: string[] = [];
  let handedOut = 0;
  for (let round = 0; round < rounds; round++) {
    await submitJob(http, lab.projectId, lab.taskId);
    const answers = await Promise.all(Array.from({ length: FETCHERS }, () => http.get(`/projects/${lab.projectId}/fetch_job`)));
    for (const answer of answers) {
      if (answer.body.job !== null) handedOut += 1;
      else if (answer.body.num_pending !== 0) wrong.push(`round ${round}: ${answer.text}`);
    }
  }
  return { wrong, handedOut };
};

function losersTest(store: StoreName, shared: () => Promise<TestServer>): void {
  // BUG (PostgreSQL store, GET /projects/{id}/fetch_job): a claim that finds the only ready jobs
  // row-locked by concurrent claims (FOR UPDATE SKIP LOCKED in mikro-orm-job-store.ts) answers
  // `{"job": null, "num_pending": 1}`: countPending still sees the rows the other transactions are
  // claiming as PENDING. Every job was ready, so by B §5 (job null only when no job is ready) the
  // answer is a lie either way; and the original Python client's Project.fetch_job crashes on
  // exactly this answer (TypeError on `del None["project_id"]`, B §5), so Client.work() stops while
  // others drain the queue. Seen 9 times in one 300-job/12-fetcher run. Expected: num_pending 0 (or
  // a retry that takes another job) when nothing is left for this caller.
  // PGlite (one connection) and memory (a mutex) serialise claims and pass.
  const declare = test;
  declare(`${store}: losers of a race for the last job are told num_pending 0, not a job still being claimed`, async (t) => {
    const { http } = await shared();
    const { wrong, handedOut } = await losersAnswers(http, store === 'postgres' ? 40 : 10);
    t.is(handedOut, store === 'postgres' ? 40 : 10, 'each round hands its job out once');
    t.deepEqual(wrong, []);
  });
}
