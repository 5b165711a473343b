import type { Requirements } from '../../../../domain/resources.js';
import type { TransactionSql } from '../transaction-sql.js';

/**
 * A task's new requirements and attempt limit, carried to its jobs not claimed yet (PENDING or
 * BLOCKED): claimed jobs keep the terms they were claimed under. No status changes.
 */
const UPDATE_UNCLAIMED_OF_TASK = `
  UPDATE jobs SET required_cpu = :cpu, required_accelerators = :accelerators, required_memory_mb = :memoryMb, max_attempts = :maxAttempts, updated_at = :now
  WHERE task_id = :taskId AND status IN ('PENDING', 'BLOCKED')`;

export const updateUnclaimedJobsOfTask = async (sql: TransactionSql, taskId: number, requirements: Requirements, maxAttempts: number, now: Date): Promise<void> => {
  await sql.run(UPDATE_UNCLAIMED_OF_TASK, { taskId, cpu: requirements.cpu, accelerators: requirements.accelerators, memoryMb: requirements.memoryMb, maxAttempts, now });
};
