import { Option } from 'clipanion';
import * as t from 'typanion';
import type { JobView } from '../../client/whatsnext-client.js';
import { jobJson, jsonLine } from './json-output.js';
import { oneOf } from './networked-command.js';
import { usageError } from './cli-failure.js';

export const JOB_STATUSES = ['PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'BLOCKED', 'CANCELLED'] as const;

export const jobStatusOption = () =>
  Option.String('--status', { description: 'pending, queued, running, completed, failed, blocked, cancelled or all', validator: oneOf([...JOB_STATUSES, 'ALL']) });

export const priorityValidator = t.cascade(t.isNumber(), [t.isInteger()]);

/** Job ids given as arguments; anything else is a usage error. */
export const parseIds = (texts: readonly string[]): number[] =>
  texts.map((text) => {
    const id = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id < 1) throw usageError(`expected a job id, got '${text}'`);
    return id;
  });

/** A JSON list of jobs, parameters exact. */
export const jsonJobs = (jobs: readonly JobView[]): string => jsonLine(jobs.map(jobJson));
