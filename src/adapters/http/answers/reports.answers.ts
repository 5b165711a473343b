import * as t from 'io-ts';
import { Integer, ValidationIssueAnswer } from './common.answers.js';
import { JobStatusAnswer } from './jobs.answers.js';
import { ClaimAnswer } from './queue.answers.js';

/** Why a report or a claim riding with reports was refused: the status and detail it would have answered alone. */
const RefusalAnswer = t.type({ error: t.type({ status: Integer, detail: t.union([t.string, t.readonlyArray(ValidationIssueAnswer)]) }) });

/** One report's lean answer: the job's new status, or the refusal. */
export const ReportResultAnswer = t.union([t.type({ job_id: Integer, status: JobStatusAnswer }), t.intersection([t.type({ job_id: Integer }), RefusalAnswer])]);
export type ReportResultAnswer = t.TypeOf<typeof ReportResultAnswer>;

/** `POST /jobs/reports`: a result per report, in order; `claim` when one was asked. */
export const ReportsAnswer = t.intersection([t.type({ results: t.array(ReportResultAnswer) }), t.partial({ claim: t.union([RefusalAnswer, ClaimAnswer]) })]);
export type ReportsAnswer = t.TypeOf<typeof ReportsAnswer>;
