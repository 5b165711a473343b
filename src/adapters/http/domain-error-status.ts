import type { DomainError } from '../../domain/errors.js';
import type { ValidationIssue } from './codecs/validation-errors.js';

export interface ErrorReply {
  readonly status: number;
  readonly body: { readonly detail: string | readonly ValidationIssue[] };
}

/** The one mapping from expected failures to HTTP answers. */
export const errorReply = (error: DomainError, referencedInBody: readonly string[] = []): ErrorReply => {
  switch (error._tag) {
    case 'ValidationFailed':
      return { status: 422, body: { detail: [{ loc: ['body', error.field], msg: error.message, type: 'value_error' }] } };
    case 'ProjectNotFound':
    case 'TaskNotFound':
    case 'JobNotFound':
    case 'WorkerNotFound':
      return { status: referencedInBody.includes(error._tag) ? 400 : 404, body: { detail: error.message } };
    case 'NameTaken':
    case 'IllegalTransition':
    case 'LeaseLost':
    case 'HasDependents':
      return { status: 409, body: { detail: error.message } };
    case 'CycleDetected':
    case 'UnknownDependency':
    case 'CrossProjectDependency':
      return { status: 400, body: { detail: error.message } };
  }
};
