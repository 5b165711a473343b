import type { AdvancedRun, ClaimRequest, LeasedRun, Queue, StatusCounts } from '../../../application/ports/queue.port.js';
import { claimOrder, type Job } from '../../../domain/job.js';
import type { JobStatus } from '../../../domain/job-status.js';
import type { Requirements } from '../../../domain/resources.js';
import { packInOrder, remainingOffer } from '../../../domain/offer-packing.js';
import { CLAIMED, CLAIMED_RETURNING, CLAIM_MOVE, claimEachFittingCtes, claimedParameters, fitsOffer } from './claim-statements.js';
import { dependenciesOf, jobColumnsSelectList, type JobRow } from './jobs.table.js';
import { JOB, MOVE_IN_PROJECT, recordStatusChange, toJob } from './job-statement-parts.js';
import { asArrayParameter, intArray, toNumber } from './sql-values.js';
import { statusMovesCounted } from './status-moves-counted.js';
import { TASK_AS_JSON, TaskSightings } from './task-sightings.js';
import type { TransactionSql } from './transaction-sql.js';

/**
 * A project's PENDING jobs (parameter: the project id). Kept by the statements that change a
 * status and by triggers (see job_counts in 0001-baseline.migration.ts): one index
 * lookup, whatever the queue's length.
 */
const PENDING_COUNT = `SELECT coalesce(sum(n), 0) FROM job_counts WHERE project_id = ? AND status = 'PENDING'`;

/**
 * The queue on PostgreSQL (server or PGlite): each method is one statement on the caller's
 * transaction, the domain's transitions written as its WHERE clause and SET list.
 */
export class MikroOrmQueue implements Queue {
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

  /**
   * Jobs that fit together take two statements or more: lock up to `limit` ready jobs that each fit
   * the offer (skipping rows other claimers hold), pack them, and while fewer than `limit` fit, lock
   * the next ones in claim order that fit what is left, as `packInOrder` would pass over the ready
   * jobs; then claim the chosen ones. The rest stay PENDING; their locks go at commit. Jobs that
   * each fit on their own take one (claimEachFitting).
   */
  async claim(request: ClaimRequest, limit: number): Promise<Job[]> {
    if (limit <= 0) return [];
    if (limit === 1 || request.fit === 'each') return this.claimEachFitting(request, limit);
    const { projectId, claimant, now } = request;
    const chosen: number[] = [];
    let left = request.offer;
    let cursor: { priority: number; id: number } | null = null;
    while (chosen.length < limit) {
      const wanted = limit - chosen.length;
      const { conditions, params } = fitsOffer(left);
      const page: { id: number; priority: number; requirements: Requirements }[] = (
        await this.sql.rows<{ id: unknown; priority: unknown; required_cpu: unknown; required_accelerators: unknown; required_memory_mb: unknown }>(
          `SELECT c.id, c.priority, c.required_cpu, c.required_accelerators, c.required_memory_mb FROM jobs c
           WHERE c.project_id = ? AND c.status = 'PENDING' AND c.unmet_dependencies = 0 ${conditions}
             ${cursor === null ? '' : 'AND (c.priority < ? OR (c.priority = ? AND c.id > ?))'}
           ORDER BY c.priority DESC, c.id ASC
           LIMIT ?
           FOR UPDATE SKIP LOCKED`,
          [projectId, ...params, ...(cursor === null ? [] : [cursor.priority, cursor.priority, cursor.id]), wanted],
        )
      ).map((row) => ({
        id: toNumber(row.id),
        priority: toNumber(row.priority),
        requirements: { cpu: toNumber(row.required_cpu), accelerators: toNumber(row.required_accelerators), memoryMb: toNumber(row.required_memory_mb) },
      }));
      // Each page's first job fits what is left, so every page but an empty one chooses one at least.
      for (const candidate of packInOrder(page, left, wanted)) {
        chosen.push(candidate.id);
        left = remainingOffer(left, candidate.requirements);
      }
      if (page.length < wanted) break;
      cursor = page.at(-1)!;
    }
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

  async countByTaskAndStatus(projectId: number): Promise<StatusCounts[]> {
    const rows = await this.sql.rows<{ task_id: unknown; status: JobStatus; count: unknown }>(
      `SELECT task_id, status, count(*) AS count FROM jobs WHERE project_id = ? GROUP BY task_id, status ORDER BY task_id, status`,
      [projectId],
    );
    return rows.map((row) => ({ taskId: toNumber(row.task_id), status: row.status, count: toNumber(row.count) }));
  }

  /**
   * The domain's `start` and `complete` (see job-transitions.ts) for lease holders, as one UPDATE:
   * the WHERE clause is their preconditions, the SET list their changes.
   */
  async advanceLeasedRuns(runs: readonly LeasedRun[], now: Date): Promise<AdvancedRun[]> {
    const wanted = runs.filter((run) => run.start || run.complete);
    if (wanted.length === 0) return [];
    const column = <V>(value: (run: LeasedRun) => V) => asArrayParameter(wanted.map(value));
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
      const rows = await this.sql.rows<{ id: unknown }>(`SELECT id FROM jobs WHERE id = ANY(?::int[])`, [intArray(sorted.map((job) => job.id))]);
      const found = new Set(rows.map((row) => toNumber(row.id)));
      throw new Error(`Cannot update jobs ${sorted.filter((job) => !found.has(job.id)).map((job) => job.id).join(', ')}: they do not exist.`);
    }
  }

  async renewLeases(owner: string, expiresAt: Date, now: Date): Promise<number[]> {
    const rows = await this.sql.rows<{ id: unknown }>(
      // A claim taken without a lease (no expiry) keeps none: it is held, and left as it is.
      `UPDATE jobs SET lease_expires_at = CASE WHEN lease_expires_at IS NULL THEN NULL ELSE ?::timestamptz END,
         updated_at = CASE WHEN lease_expires_at IS NULL THEN updated_at ELSE ?::timestamptz END
       WHERE lease_owner = ? AND status IN ('QUEUED', 'RUNNING') AND leased
       RETURNING id`,
      [expiresAt, now, owner],
    );
    return rows.map((row) => toNumber(row.id)).sort((a, b) => a - b);
  }

  async lockExpiredLeases(now: Date, limit: number): Promise<Job[]> {
    return (await this.sql.rows<JobRow>(
      `SELECT ${JOB} FROM jobs j
       WHERE j.status IN ('QUEUED', 'RUNNING') AND j.lease_expires_at <= ?
       ORDER BY j.lease_expires_at, j.id
       LIMIT ?
       FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )).map(toJob);
  }
}
