import * as E from 'fp-ts/lib/Either.js';
import type { DependencyRef, JobSpec } from '../../../domain/batch-plan.js';
import type { ValidationFailed } from '../../../domain/errors.js';
import type { BatchBody, BatchReference } from '../codecs/jobs.codecs.js';
import { ExactBody } from '../../json/exact-body.js';
import { dependencyRefs } from './depends.js';

const toRef = (reference: BatchReference): DependencyRef =>
  typeof reference === 'number'
    ? { kind: 'job', id: reference }
    : typeof reference === 'string'
      ? { kind: 'key', key: reference }
      : { kind: 'position', index: reference.position };

/** The batch's jobs as specs: exact parameter texts, `depends` keys (ids or names) and `depends_on` references. */
export const batchSpecs = (body: BatchBody, rawBody: string): E.Either<ValidationFailed, JobSpec[]> => {
  const exact = new ExactBody(rawBody);
  const specs: JobSpec[] = [];
  for (const [index, job] of body.jobs.entries()) {
    const parameters = exact.textAt(['jobs', index, 'parameters'], '{}');
    if (E.isLeft(parameters)) return parameters;
    const depends = dependencyRefs(job.depends, `jobs.${index}.depends`);
    if (E.isLeft(depends)) return depends;
    specs.push({
      key: job.key ?? null,
      name: job.name,
      taskId: job.task_id,
      parameters: parameters.right,
      priority: job.priority ?? 0,
      dependsOn: [...depends.right, ...(job.depends_on ?? []).map(toRef)],
    });
  }
  return E.right(specs);
};
