import * as t from 'io-ts';
import { Integer, Timestamp, nullable } from './common.answers.js';

/** A worker, called a "client" on the wire as by the original. */
export const WorkerAnswer = t.type({
  id: t.string,
  name: t.string,
  entity: t.string,
  description: nullable(t.string),
  available_cpu: Integer,
  available_accelerators: Integer,
  available_memory_mb: Integer,
  last_heartbeat: Timestamp,
  created_at: Timestamp,
  /** 1 or 0, as the original. */
  is_active: t.union([t.literal(1), t.literal(0)]),
});
export type WorkerAnswer = t.TypeOf<typeof WorkerAnswer>;

/** The jobs the worker still holds; any other job it runs was cancelled or lost. */
export const HeartbeatAnswer = t.type({ status: t.literal('ok'), held_job_ids: t.array(Integer), lease_expires_at: Timestamp });
export type HeartbeatAnswer = t.TypeOf<typeof HeartbeatAnswer>;

export const DeactivatedAnswer = t.type({ status: t.literal('deactivated') });
