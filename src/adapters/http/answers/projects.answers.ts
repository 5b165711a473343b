import * as t from 'io-ts';
import { PROJECT_STATUSES } from '../../../domain/project.js';
import { Integer, Timestamp, keysOf } from './common.answers.js';

export const ProjectStatusAnswer = keysOf(PROJECT_STATUSES);

export const ProjectAnswer = t.type({
  id: Integer,
  name: t.string,
  description: t.string,
  status: ProjectStatusAnswer,
  /** Extension: `keep`, a period such as `30d`, or `remove_on_complete`. */
  retention: t.string,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ProjectAnswer = t.TypeOf<typeof ProjectAnswer>;
