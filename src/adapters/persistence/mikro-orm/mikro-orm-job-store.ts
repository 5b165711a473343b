import type { AdvancedJob, ClaimRequest, HeldRun, JobFilter, JobStore, NamedJob, StatusCounts } from '../../../application/ports/job-store.port.js';
import { claimOrder, type DependencyTarget, type Job, type NewJob } from '../../../domain/job.js';
import type { Claimant } from '../../../domain/job-transitions.js';
import type { JobStatus } from '../../../domain/job-status.js';
import { packInOrder } from '../../../domain/offer-packing.js';
import type { Offer, Requirements } from '../../../domain/resources.js';
import type { StatusChange } from '../../../domain/status-change.js';
import { JOB_WRITABLE_COLUMNS, dependenciesOf, jobColumnsSelectList, jobSelectList } from './job.columns.js';
import { jobInsertStatement } from './job-insert-statement.js';
import { StaleTasks } from './known-tasks.js';
import { jobToDomain, jobToRecord } from './job.mapper.js';
import type { JobRecord } from './job.record.js';
import { readStatusHistory } from './job-status-history.js';
import { dependenciesFromRow, jobRecordFromRow, jobRecordToColumns, type JobRow } from './job-row.js';
import { asArrayParameter, intArray, toNumber } from './sql-values.js';
import { statusMovesCounted } from './status-moves-counted.js';
import { TASK_AS_JSON, TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

const JOB = jobSelectList('j');
/** What a claim returns: each job, and its task (the claim's caller needs both). */
const CLAIMED_RETURNING = `${JOB}, ${TASK_AS_JSON('j.task_id')} AS "claimedTask"`;

interface InsertedRows {
  readonly ids: number[];
  readonly dependencies: number[][];
}

/** Rows per INSERT of a large batch: big enough that per-statement costs vanish, small enough to overlap. */
const INSERT_CHUNK_ROWS = 2_000;
const FIRST_CHUNK_ROWS = 250;

/** Every job reachable from `roots` (an int[] parameter) along "is depended on by" edges. */
const DOWNSTREAM_OF_ROOTS = `
  downstream(id) AS (
    SELECT d.job_id FROM job_dependencies d WHERE d.depends_on_id = ANY(?::int[])
    UNION
    SELECT d.job_id FROM job_dependencies d JOIN downstream s ON d.depends_on_id = s.id
  )`;

const toJob = (row: JobRow): Job => jobToDomain(jobRecordFromRow(row), dependenciesFromRow(row));

/**
 * A SET list item recording the change from `j`'s status to `newStatus` (see the
 * status_history_as_text migration); the other arguments are SQL expressions.
 */
const recordStatusChange = (newStatus: string, changedAt: string, worker: string, newAttempts: string, failureReason: string): string =>
  `status_history = whatsnext_status_history(j.status_history, j.status, ${newStatus}, ${changedAt}, ${worker}, j.attempts, ${newAttempts}, ${failureReason})`;

/** The domain's `claim` transition as a SET list; parameters: `claimedParameters`. */
const CLAIMED = `status = 'QUEUED', attempts = j.attempts + 1, leased = true, lease_owner = ?, lease_expires_at = ?, updated_at = ?,
  ${recordStatusChange(`'QUEUED'`, '?::timestamptz', 'coalesce(?::text, j.lease_owner)', 'j.attempts + 1', 'NULL')}`;

const claimedParameters = (claimant: Claimant, now: Date): unknown[] => [
  claimant.owner,
  leaseExpiry(claimant.leaseSeconds, now),
  now,
  now,
  claimant.owner,
];

/**
 * A project's PENDING jobs (parameter: the project id). Kept by the statements that change a
 * status and by triggers (see the job_counts and job_counts_in_statements migrations): one index
 * lookup, whatever the queue's length.
 */
const PENDING_COUNT = `SELECT coalesce(sum(n), 0) FROM job_counts WHERE project_id = ? AND status = 'PENDING'`;

/** The offer as conditions on a claim candidate `c`; a dimension without a filter adds none. */
const fitsOffer = (offer: Offer): { conditions: string; params: number[] } => {
  const conditions: string[] = [];
  const params: number[] = [];
  for (const [column, offered] of [
    ['required_cpu', offer.cpu],
    ['required_accelerators', offer.accelerators],
    ['required_memory_mb', offer.memoryMb],
  ] as const) {
    if (offered === null) continue;
    conditions.push(`AND c.${column} <= ?`);
    params.push(offered);
  }
  return { conditions: conditions.join(' '), params };
};

const leaseExpiry = (leaseSeconds: number | null, now: Date): Date | null =>
  leaseSeconds === null ? null : new Date(now.getTime() + leaseSeconds * 1000);

/** The status change of rows returning "projectId", "before" and "after" (the job stays in its project). */
const MOVE_IN_PROJECT = { fromProject: '"projectId"', fromStatus: '"before"', toProject: '"projectId"', toStatus: '"after"' };

/** A claim's status change: every claimed job was PENDING in its project and is QUEUED now. */
const CLAIM_MOVE = { fromProject: '"projectId"', fromStatus: `'PENDING'`, toProject: '"projectId"', toStatus: `'QUEUED'` };

/**
 * The domain's `claim` of up to `limit` ready jobs that each fit the offer, as the CTE `claimed`
 * (an UPDATE … RETURNING `returning`, which must hold "projectId") and the CTE `counted` that
 * counts the change: the sub-select walks jobs_claim_order_index and skips rows that other
 * claimers hold, so concurrent claims never wait for nor share a job. The ids are drawn into an
 * array first, so that the update finds each row by its key whatever the planner estimates
 * (joined to the sub-select, a large claim was hashed against a scan of the whole table).
 */
const claimEachFittingCtes = (request: ClaimRequest, limit: number, returning: string): { ctes: string; params: unknown[] } => {
  const { projectId, offer, claimant, now } = request;
  const { conditions, params } = fitsOffer(offer);
  return {
    ctes: `claimed AS (
       UPDATE jobs AS j SET ${CLAIMED}
       WHERE j.id = ANY(ARRAY(
         SELECT c.id FROM jobs c
         WHERE c.project_id = ? AND c.status = 'PENDING' AND c.unmet_dependencies = 0 ${conditions}
         ORDER BY c.priority DESC, c.id ASC
         LIMIT ?
         FOR UPDATE SKIP LOCKED
       ))
       RETURNING ${returning}
     ),
     ${statusMovesCounted('claimed', CLAIM_MOVE)}`,
    params: [...claimedParameters(claimant, now), projectId, ...params, limit],
  };
};

/**
 * Jobs on PostgreSQL (server or PGlite), SQL-first: each method is one statement (two for writes
 * that also replace edges) on the caller's transaction. Rows that several transactions may update
 * at once are locked in id order, so that concurrent completions cannot deadlock.
 */
export class MikroOrmJobStore implements JobStore {
  constructor(
    private readonly sql: TransactionSql,
    private readonly tasksSeen: TaskSightings = new TaskSightings(),
  ) {}

  /** A claim's jobs, each row with its task (`claimedTask`), which the transaction keeps for the task store. */
  private async selectClaimed(sql: string, params: readonly unknown[]): Promise<Job[]> {
    const rows = await this.sql.rows<JobRow & { claimedTask: unknown }>(sql, params);
    for (const row of rows) this.tasksSeen.sawJson(row.claimedTask);
    return rows.map(toJob);
  }

  private async select(sql: string, params: readonly unknown[]): Promise<Job[]> {
    return (await this.sql.rows<JobRow>(sql, params)).map(toJob);
  }

  private async selectIds(sql: string, params: readonly unknown[]): Promise<number[]> {
    return (await this.sql.rows<{ id: unknown }>(sql, params)).map((row) => toNumber(row.id));
  }

  async get(id: number): Promise<Job | null> {
    const [job] = await this.select(`SELECT ${JOB} FROM jobs j WHERE j.id = ?`, [id]);
    return job ?? null;
  }

  async getForUpdate(id: number): Promise<Job | null> {
    const [job] = await this.select(`SELECT ${JOB} FROM jobs j WHERE j.id = ? FOR UPDATE`, [id]);
    return job ?? null;
  }

  async getManyForUpdate(ids: readonly number[]): Promise<Job[]> {
    if (ids.length === 0) return [];
    return this.select(`SELECT ${JOB} FROM jobs j WHERE j.id = ANY(?::int[]) ORDER BY j.id FOR UPDATE`, [intArray(ids)]);
  }

  async getMany(ids: readonly number[]): Promise<Job[]> {
    if (ids.length === 0) return [];
    return this.select(`SELECT ${JOB} FROM jobs j WHERE j.id = ANY(?::int[]) ORDER BY j.id`, [intArray(ids)]);
  }

  async getManyForShare(ids: readonly number[]): Promise<Job[]> {
    if (ids.length === 0) return [];
    return this.select(`SELECT ${JOB} FROM jobs j WHERE j.id = ANY(?::int[]) ORDER BY j.id FOR SHARE`, [intArray(ids)]);
  }

  async list(filter: JobFilter): Promise<Job[]> {
    const { where, params } = filterConditions(filter);
    return this.select(`SELECT ${JOB} FROM jobs j ${where} ORDER BY j.id LIMIT ? OFFSET ?`, [...params, filter.limit, filter.offset]);
  }

  async named(projectId: number, names: readonly string[]): Promise<NamedJob[]> {
    if (names.length === 0) return [];
    const rows = await this.sql.rows<{ id: unknown; name: string }>(
      `SELECT j.id, j.name FROM jobs j WHERE j.project_id = ? AND j.name IN (${names.map(() => '?').join(', ')}) ORDER BY j.id`,
      [projectId, ...names],
    );
    return rows.map((row) => ({ id: toNumber(row.id), name: row.name }));
  }

  async ids(filter: Omit<JobFilter, 'limit' | 'offset'>): Promise<number[]> {
    const { where, params } = filterConditions(filter);
    return this.selectIds(`SELECT j.id FROM jobs j ${where} ORDER BY j.id`, params);
  }

  async insert(jobs: readonly NewJob[]): Promise<Job[]> {
    if (jobs.length === 0) return [];
    const records = jobs.map(jobToRecord);
    const write = async (): Promise<InsertedRows> => {
      const ids = await this.insertRows(records);
      const resolve = (target: DependencyTarget): number => {
        if (target.kind === 'job') return target.id;
        const id = ids[target.index];
        if (id === undefined) throw new Error(`Batch dependency on position ${target.index} is outside the batch of ${ids.length}.`);
        return id;
      };
      const dependencies = jobs.map((job) => (job.dependencies.length === 0 ? [] : job.dependencies.map(resolve).sort((a, b) => a - b)));
      await this.insertEdges(ids, dependencies);
      return { ids, dependencies };
    };
    // One statement needs no transaction around it; chunks and edges must all land or none.
    const oneStatement = records.length <= INSERT_CHUNK_ROWS && jobs.every((job) => job.dependencies.length === 0);
    const { ids, dependencies } = oneStatement ? await write() : await this.sql.atomic(write);
    // Built from what was stored, so that no object of the caller's is shared with the result.
    return records.map((record, index) => jobToDomain(record, dependencies[index]!, ids[index]!));
  }

  /**
   * The rows' ids, in the records' order. Large batches go in chunks, and each chunk's parameters
   * are built while the database writes the previous one, so that the two processors overlap
   * instead of taking turns (the build costs about as much as the insert).
   */
  private async insertRows(records: readonly Omit<JobRecord, 'id'>[]): Promise<number[]> {
    const ids: number[] = [];
    // Tasks the unit of work took from the known tasks instead of reading them (see KnownTasks).
    const assumed = this.tasksSeen.assumptions;
    const guard = assumed.ids.length === 0 ? null : assumed;
    let inFlight: Promise<number[]> | null = null;
    try {
      // In chunks anyway, a small first one sets the database to work while the next, full ones are built.
      const first = records.length > INSERT_CHUNK_ROWS ? FIRST_CHUNK_ROWS : INSERT_CHUNK_ROWS;
      for (let start = 0, size = first; start < records.length; start += size, size = INSERT_CHUNK_ROWS) {
        const chunk = records.slice(start, start + size);
        const statement = jobInsertStatement(chunk, guard);
        if (inFlight !== null) ids.push(...(await inFlight));
        // Ids are drawn in each chunk's order, so the chunk's i-th smallest id is its i-th record.
        inFlight = this.selectIds(statement.sql, statement.params).then((chunkIds) => {
          if (chunkIds.length !== chunk.length) throw new StaleTasks(assumed.ids);
          return chunkIds.sort((a, b) => a - b);
        });
      }
      ids.push(...(await inFlight!));
    } finally {
      // A fault while building the next chunk must not leave the one in flight unobserved.
      await inFlight?.catch(() => undefined);
    }
    return ids;
  }

  private async insertEdges(jobIds: readonly number[], dependencies: readonly (readonly number[])[]): Promise<void> {
    const from: number[] = [];
    const to: number[] = [];
    jobIds.forEach((jobId, index) => {
      for (const dependsOn of dependencies[index]!) {
        from.push(jobId);
        to.push(dependsOn);
      }
    });
    if (from.length === 0) return;
    await this.sql.run(`INSERT INTO job_dependencies (job_id, depends_on_id) SELECT * FROM unnest(?::int[], ?::int[])`, [
      intArray(from),
      intArray(to),
    ]);
  }

  update(job: Job): Promise<void> {
    return this.updateMany([job]);
  }

  /**
   * One statement: the rows are rewritten, the edges no longer wanted are dropped and the new ones
   * added; unchanged edges are not touched. Like the memory store, refuses jobs that do not exist.
   */
  async updateMany(jobs: readonly Job[]): Promise<void> {
    if (jobs.length === 0) return;
    const sorted = [...jobs].sort((a, b) => a.id - b.id);
    const rows = sorted.map((job) => jobRecordToColumns({ id: job.id, ...jobToRecord(job) }));
    const ids = sorted.map((job) => job.id);
    const [result] = await this.sql.rows<{ updated: unknown[] }>(
      `WITH before AS (SELECT o.id, o.project_id, o.status FROM jobs o WHERE o.id = ANY(?::int[]) ORDER BY o.id FOR UPDATE),
       updated AS (
         UPDATE jobs AS j SET ${JOB_WRITABLE_COLUMNS.map((column) => `${column} = b.${column}`).join(', ')},
           ${recordStatusChange('b.status', 'b.updated_at', 'coalesce(b.lease_owner, j.lease_owner)', 'b.attempts', 'b.failure_reason')}
         FROM json_populate_recordset(NULL::jobs, ?::json) AS b, before
         WHERE j.id = b.id AND before.id = j.id
         RETURNING j.id, before.project_id AS "beforeProject", before.status AS "before", j.project_id AS "projectId", j.status AS "after"
       ),
       ${statusMovesCounted('updated', { fromProject: '"beforeProject"', fromStatus: '"before"', toProject: '"projectId"', toStatus: '"after"' })},
       wanted AS (SELECT * FROM unnest(?::int[], ?::int[]) AS w(job_id, depends_on_id)),
       dropped AS (
         DELETE FROM job_dependencies d
         WHERE d.job_id = ANY(?::int[])
           AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.job_id = d.job_id AND w.depends_on_id = d.depends_on_id)
       ),
       added AS (
         INSERT INTO job_dependencies (job_id, depends_on_id)
         SELECT w.job_id, w.depends_on_id FROM wanted w WHERE w.job_id IN (SELECT id FROM updated)
         ON CONFLICT DO NOTHING
       )
       SELECT ARRAY(SELECT id FROM updated) AS updated`,
      [
        intArray(ids),
        JSON.stringify(rows),
        intArray(sorted.flatMap((job) => job.dependencies.map(() => job.id))),
        intArray(sorted.flatMap((job) => job.dependencies)),
        intArray(ids),
      ],
    );
    const updated = new Set((result?.updated ?? []).map(toNumber));
    const missing = ids.filter((id) => !updated.has(id));
    if (missing.length > 0) throw new Error(`Cannot update jobs ${missing.join(', ')}: they do not exist.`);
  }

  /** One UPDATE from typed arrays: no JSON to parse, no edges to compare. */
  async saveProgress(jobs: readonly Job[]): Promise<void> {
    if (jobs.length === 0) return;
    const sorted = [...jobs].sort((a, b) => a.id - b.id);
    const column = <V>(value: (job: Job) => V) => sorted.map(value);
    const [result] = await this.sql.rows<{ updated: unknown }>(
      `WITH before AS (SELECT b.id, b.status FROM jobs b WHERE b.id = ANY(?::int[]) ORDER BY b.id FOR UPDATE),
       updated AS (
         UPDATE jobs AS j SET status = p.status, attempts = p.attempts, leased = p.leased, lease_owner = p.lease_owner,
           lease_expires_at = p.lease_expires_at, exit_code = p.exit_code, failure_reason = p.failure_reason,
           updated_at = p.updated_at, started_at = p.started_at, finished_at = p.finished_at,
           ${recordStatusChange('p.status', 'p.updated_at', 'coalesce(p.lease_owner, j.lease_owner)', 'p.attempts', 'p.failure_reason')}
         FROM unnest(?::int[], ?::text[], ?::int[], ?::bool[], ?::text[], ?::timestamptz[], ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
           AS p(id, status, attempts, leased, lease_owner, lease_expires_at, exit_code, failure_reason, updated_at, started_at, finished_at), before
         WHERE j.id = p.id AND before.id = j.id
         RETURNING j.project_id AS "projectId", before.status AS "before", j.status AS "after"
       ),
       ${statusMovesCounted('updated', MOVE_IN_PROJECT)}
       SELECT count(*) AS updated FROM updated`,
      [
        column((job) => job.id),
        column((job) => job.id),
        column((job) => job.status),
        column((job) => job.attempts),
        column((job) => job.lease !== null),
        column((job) => job.lease?.owner ?? null),
        column((job) => job.lease?.expiresAt ?? null),
        column((job) => job.exitCode),
        column((job) => job.failureReason),
        column((job) => job.updatedAt),
        column((job) => job.startedAt),
        column((job) => job.finishedAt),
      ].map(asArrayParameter),
    );
    if (toNumber(result?.updated ?? 0) !== sorted.length) {
      const found = new Set((await this.getMany(sorted.map((job) => job.id))).map((job) => job.id));
      throw new Error(`Cannot update jobs ${sorted.filter((job) => !found.has(job.id)).map((job) => job.id).join(', ')}: they do not exist.`);
    }
  }

  /**
   * The domain's `start` and `complete` (see job-transitions.ts) for lease holders, as one UPDATE:
   * the WHERE clause is their preconditions, the SET list their changes.
   */
  async advanceHeld(runs: readonly HeldRun[], now: Date): Promise<AdvancedJob[]> {
    const wanted = runs.filter((run) => run.start || run.complete);
    if (wanted.length === 0) return [];
    const column = <V>(value: (run: HeldRun) => V) => asArrayParameter(wanted.map(value));
    const after = `CASE WHEN r.complete THEN 'COMPLETED' ELSE 'RUNNING' END`;
    const before = `CASE WHEN r.start THEN 'QUEUED' ELSE 'RUNNING' END`;
    const rows = await this.sql.rows<{ id: unknown; projectId: unknown }>(
      `WITH advanced AS (
       UPDATE jobs AS j SET
         status = ${after},
         started_at = CASE WHEN r.start THEN p.now ELSE j.started_at END,
         finished_at = CASE WHEN r.complete THEN p.now ELSE j.finished_at END,
         exit_code = CASE WHEN r.complete THEN 0 ELSE j.exit_code END,
         failure_reason = CASE WHEN r.complete THEN NULL ELSE j.failure_reason END,
         leased = NOT r.complete,
         lease_owner = CASE WHEN r.complete THEN NULL ELSE j.lease_owner END,
         lease_expires_at = CASE WHEN r.complete THEN NULL ELSE j.lease_expires_at END,
         updated_at = p.now,
         ${recordStatusChange(after, 'p.now', 'j.lease_owner', 'j.attempts', 'NULL')}
       FROM unnest(?::int[], ?::text[], ?::bool[], ?::bool[]) AS r(id, owner, start, complete), (SELECT ?::timestamptz AS now) AS p
       WHERE j.id = r.id AND j.leased AND j.lease_owner = r.owner AND j.status = ${before}
       RETURNING j.id, j.project_id AS "projectId", ${before} AS "before", j.status AS "after"
       ),
       ${statusMovesCounted('advanced', MOVE_IN_PROJECT)}
       SELECT id, "projectId" FROM advanced`,
      [column((run) => run.id), column((run) => run.owner), column((run) => run.start), column((run) => run.complete), now],
    );
    return rows.map((row) => ({ id: toNumber(row.id), projectId: toNumber(row.projectId) })).sort((a, b) => a.id - b.id);
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    // Edges in either direction follow through ON DELETE CASCADE.
    await this.sql.run(`DELETE FROM jobs WHERE id = ANY(?::int[])`, [intArray(ids)]);
  }

  async claimNext(request: ClaimRequest): Promise<Job | null> {
    const [job] = await this.claimEachFitting(request, 1);
    return job ?? null;
  }

  /**
   * Jobs that fit together take two statements: lock up to `limit` ready jobs that each fit the
   * offer (skipping rows other claimers hold), then claim the ones that fit together. The rest stay
   * PENDING; their locks go at commit. Jobs that each fit on their own take one (claimEachFitting).
   */
  async claimMany(request: ClaimRequest, limit: number): Promise<Job[]> {
    if (limit <= 0) return [];
    if (limit === 1) {
      const job = await this.claimNext(request);
      return job === null ? [] : [job];
    }
    if (request.fit === 'each') return this.claimEachFitting(request, limit);
    const { projectId, offer, claimant, now } = request;
    const { conditions, params } = fitsOffer(offer);
    const candidates = (
      await this.sql.rows<{ id: unknown; required_cpu: unknown; required_accelerators: unknown; required_memory_mb: unknown }>(
        `SELECT c.id, c.required_cpu, c.required_accelerators, c.required_memory_mb FROM jobs c
         WHERE c.project_id = ? AND c.status = 'PENDING' AND c.unmet_dependencies = 0 ${conditions}
         ORDER BY c.priority DESC, c.id ASC
         LIMIT ?
         FOR UPDATE SKIP LOCKED`,
        [projectId, ...params, limit],
      )
    ).map((row) => ({
      id: toNumber(row.id),
      requirements: { cpu: toNumber(row.required_cpu), accelerators: toNumber(row.required_accelerators), memoryMb: toNumber(row.required_memory_mb) },
    }));
    const chosen = packInOrder(candidates, offer, limit).map((candidate) => candidate.id);
    if (chosen.length === 0) return [];
    const claimed = await this.selectClaimed(
      `WITH claimed AS (UPDATE jobs AS j SET ${CLAIMED} WHERE j.id = ANY(?::int[]) AND j.status = 'PENDING' RETURNING ${CLAIMED_RETURNING}),
       ${statusMovesCounted('claimed', CLAIM_MOVE)}
       SELECT * FROM claimed`,
      [...claimedParameters(claimant, now), intArray(chosen)],
    );
    // RETURNING keeps no order: hand them out in claim order.
    const position = new Map(chosen.map((id, index) => [id, index]));
    return claimed.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  }

  /**
   * Jobs that each fit the offer on their own need no packing: one statement locks and claims
   * them (one round trip less than packing, which matters most to a lone claim's latency).
   */
  private async claimEachFitting(request: ClaimRequest, limit: number): Promise<Job[]> {
    const { ctes, params } = claimEachFittingCtes(request, limit, CLAIMED_RETURNING);
    // RETURNING keeps no order: hand them out in claim order.
    return (await this.selectClaimed(`WITH ${ctes} SELECT * FROM claimed`, params)).sort(claimOrder);
  }

  /**
   * `Store.claim` of jobs that each fit (or of one job) as one statement, outside any transaction:
   * the claimed jobs, the project's PENDING count as the statement's snapshot saw it (before the
   * claim, the claimed jobs included) and whether the project exists. Those come in a row of their
   * own, joined to the claimed ones, so that they come even when nothing was claimed. Each task
   * comes once, with the first of its jobs (its JSON cost more than the rest of a claimed row), and
   * the claimed jobs' dependencies are read together (a subquery per job was a third of the claim).
   */
  async claimInOneStatement(request: ClaimRequest, limit: number, countPending: boolean): Promise<{ jobs: Job[]; pending: number | null; projectFound: boolean }> {
    const claim = claimEachFittingCtes(request, Math.max(limit, 0), jobColumnsSelectList('j'));
    const rows = await this.sql.rows<JobRow & { claimedTask: unknown; pending: unknown; projectFound: boolean }>(
      `WITH ${claim.ctes},
       edges AS (${dependenciesOf('SELECT id FROM claimed')}),
       numbered AS (
         SELECT claimed.*, coalesce(edges.ids, '{}') AS "dependencies", row_number() OVER (PARTITION BY claimed."taskId") AS "nthOfTask"
         FROM claimed LEFT JOIN edges ON edges.job_id = claimed.id
       )
       SELECT numbered.*, project.pending, project.found AS "projectFound",
         CASE WHEN numbered."nthOfTask" = 1 THEN ${TASK_AS_JSON('numbered."taskId"')} END AS "claimedTask"
       FROM (SELECT ${countPending ? `(${PENDING_COUNT})` : 'NULL'} AS pending, EXISTS (SELECT 1 FROM projects WHERE id = ?) AS found) AS project
       LEFT JOIN numbered ON true`,
      [...claim.params, ...(countPending ? [request.projectId] : []), request.projectId],
    );
    const claimedRows = rows.filter((row) => row.id !== null);
    for (const row of claimedRows) this.tasksSeen.sawJson(row.claimedTask);
    const pending = rows[0]?.pending;
    return {
      jobs: claimedRows.map(toJob).sort(claimOrder),
      pending: pending === null || pending === undefined ? null : toNumber(pending),
      projectFound: rows[0]?.projectFound === true,
    };
  }

  async countPending(projectId: number): Promise<number> {
    const [row] = await this.sql.rows<{ count: unknown }>(`SELECT (${PENDING_COUNT}) AS count`, [projectId]);
    return toNumber(row?.count ?? 0);
  }

  transitiveDependents(id: number): Promise<Job[]> {
    return this.select(
      `WITH RECURSIVE ${DOWNSTREAM_OF_ROOTS}
       SELECT ${JOB} FROM jobs j WHERE j.id IN (SELECT id FROM downstream) ORDER BY j.id`,
      [intArray([id])],
    );
  }

  directDependentsOutside(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.selectIds(
      `SELECT DISTINCT d.job_id AS id FROM job_dependencies d
       WHERE d.depends_on_id = ANY(?::int[]) AND NOT (d.job_id = ANY(?::int[]))
       ORDER BY 1`,
      [intArray(ids), intArray(ids)],
    );
  }

  async satisfyDependents(ids: readonly number[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.sql.rows<{ ready: boolean }>(
      `UPDATE jobs AS j SET unmet_dependencies = GREATEST(j.unmet_dependencies - waiting.met, 0), updated_at = ?
       FROM (
         SELECT t.id, m.met FROM jobs t
         JOIN (SELECT d.job_id, count(*)::int AS met FROM job_dependencies d WHERE d.depends_on_id = ANY(?::int[]) GROUP BY d.job_id) m ON m.job_id = t.id
         ORDER BY t.id
         FOR NO KEY UPDATE OF t
       ) AS waiting
       WHERE j.id = waiting.id
       RETURNING j.status = 'PENDING' AND j.unmet_dependencies = 0 AS ready`,
      [now, intArray(ids)],
    );
    return rows.filter((row) => row.ready).length;
  }

  async blockDependents(roots: readonly number[], blockedBy: number, reason: string, now: Date): Promise<number[]> {
    if (roots.length === 0) return [];
    const ids = await this.selectIds(
      `WITH RECURSIVE ${DOWNSTREAM_OF_ROOTS},
       blocked_jobs AS (
       UPDATE jobs AS j SET status = 'BLOCKED', blocked_by = ?, failure_reason = ?, updated_at = ?,
         ${recordStatusChange(`'BLOCKED'`, '?::timestamptz', 'j.lease_owner', 'j.attempts', 'NULL')}
       FROM (
         SELECT t.id FROM jobs t
         WHERE t.id IN (SELECT id FROM downstream) AND t.status = 'PENDING'
         ORDER BY t.id
         FOR NO KEY UPDATE
       ) AS blocked
       WHERE j.id = blocked.id
       RETURNING j.id, j.project_id AS "projectId"
       ),
       ${statusMovesCounted('blocked_jobs', { fromProject: '"projectId"', fromStatus: `'PENDING'`, toProject: '"projectId"', toStatus: `'BLOCKED'` })}
       SELECT id FROM blocked_jobs`,
      [intArray(roots), blockedBy, reason, now, now],
    );
    return ids.sort((a, b) => a - b);
  }

  lockExpiredLeases(now: Date, limit: number): Promise<Job[]> {
    return this.select(
      `SELECT ${JOB} FROM jobs j
       WHERE j.status IN ('QUEUED', 'RUNNING') AND j.lease_expires_at <= ?
       ORDER BY j.lease_expires_at, j.id
       LIMIT ?
       FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async renewLeases(owner: string, expiresAt: Date, now: Date): Promise<number[]> {
    const ids = await this.selectIds(
      `UPDATE jobs SET lease_expires_at = ?, updated_at = ?
       WHERE lease_owner = ? AND status IN ('QUEUED', 'RUNNING') AND leased
       RETURNING id`,
      [expiresAt, now, owner],
    );
    return ids.sort((a, b) => a - b);
  }

  async applyTaskTerms(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void> {
    await this.sql.run(
      `UPDATE jobs SET required_cpu = ?, required_accelerators = ?, required_memory_mb = ?, max_attempts = ?, updated_at = ?
       WHERE task_id = ? AND status IN ('PENDING', 'BLOCKED')`,
      [requirements.cpu, requirements.accelerators, requirements.memoryMb, maxAttempts, now, taskId],
    );
  }

  async countByTaskAndStatus(projectId: number): Promise<StatusCounts[]> {
    const rows = await this.sql.rows<{ task_id: unknown; status: JobStatus; count: unknown }>(
      `SELECT task_id, status, count(*) AS count FROM jobs WHERE project_id = ? GROUP BY task_id, status ORDER BY task_id, status`,
      [projectId],
    );
    return rows.map((row) => ({ taskId: toNumber(row.task_id), status: row.status, count: toNumber(row.count) }));
  }

  /** Written by every statement here that changes a status (`recordStatusChange`). */
  history(jobId: number): Promise<StatusChange[] | null> {
    return readStatusHistory(this.sql, jobId);
  }
}

const filterConditions = (filter: Omit<JobFilter, 'limit' | 'offset'>): { where: string; params: unknown[] } => {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['project_id', filter.projectId],
    ['task_id', filter.taskId],
    ['status', filter.status],
  ] as const) {
    if (value === null) continue;
    conditions.push(`j.${column} = ?`);
    params.push(value);
  }
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
};
