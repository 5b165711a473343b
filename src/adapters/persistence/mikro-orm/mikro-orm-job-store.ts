import type { JobFilter, JobStore, NamedJob } from '../../../application/ports/job-store.port.js';
import type { DependencyTarget, Job, NewJob } from '../../../domain/job.js';
import type { Requirements } from '../../../domain/resources.js';
import type { StatusChange } from '../../../domain/status-change.js';
import { JOB_WRITABLE_COLUMNS, type JobRecord, jobRecordToColumns, type JobRow, jobToDomain, jobToRecord } from './jobs.table.js';
import { jobInsertStatement } from './job-insert-statement.js';
import { StaleTasks } from './known-tasks.js';
import { readStatusHistory } from './job-status-history.js';
import { filterConditions } from './job-filter-conditions.js';
import { JOB, recordStatusChange, toJob } from './job-statement-parts.js';
import { asArrayParameter, intArray, toNumber } from './sql-values.js';
import { statusMovesCounted } from './status-moves-counted.js';
import { TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

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

/**
 * Jobs and their edges on PostgreSQL (server or PGlite), SQL-first: each method is one statement
 * (two for writes that also replace edges) on the caller's transaction. Rows that several
 * transactions may update at once are locked in id order, so that concurrent completions cannot
 * deadlock. The hot path of claims and run reports is MikroOrmQueue's.
 */
export class MikroOrmJobStore implements JobStore {
  constructor(
    private readonly sql: TransactionSql,
    private readonly tasksSeen: TaskSightings = new TaskSightings(),
  ) {}

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
      `SELECT j.id, j.name FROM jobs j WHERE j.project_id = ? AND j.name = ANY(?::text[]) ORDER BY j.id`,
      [projectId, asArrayParameter(names)],
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

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    // Edges in either direction follow through ON DELETE CASCADE.
    await this.sql.run(`DELETE FROM jobs WHERE id = ANY(?::int[])`, [intArray(ids)]);
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

  async updateUnclaimedJobsOfTask(taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void> {
    await this.sql.run(
      `UPDATE jobs SET required_cpu = ?, required_accelerators = ?, required_memory_mb = ?, max_attempts = ?, updated_at = ?
       WHERE task_id = ? AND status IN ('PENDING', 'BLOCKED')`,
      [requirements.cpu, requirements.accelerators, requirements.memoryMb, maxAttempts, now, taskId],
    );
  }

  /** Written by every statement here that changes a status (`recordStatusChange`). */
  history(jobId: number): Promise<StatusChange[] | null> {
    return readStatusHistory(this.sql, jobId);
  }
}
