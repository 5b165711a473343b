import * as t from 'io-ts';
import { Integer, Timestamp, nullable } from './common.answers.js';

export const TaskAnswer = t.type({
  id: Integer,
  name: t.string,
  project_id: Integer,
  command_template: nullable(t.string),
  required_cpu: Integer,
  required_accelerators: Integer,
  required_memory_mb: Integer,
  max_attempts: Integer,
  retry_on_failure: t.boolean,
  timeout_seconds: nullable(Integer),
  /** null: the project's retention applies. */
  retention: nullable(t.string),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type TaskAnswer = t.TypeOf<typeof TaskAnswer>;
