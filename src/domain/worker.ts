import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from './errors.js';
import type { Requirements } from './resources.js';

/** A worker (the original's "client") as registered with the server. */
export interface WorkerRegistration {
  readonly id: string;
  readonly name: string;
  readonly entity: string;
  readonly description: string | null;
  readonly resources: Requirements;
  readonly lastHeartbeat: Date;
  readonly createdAt: Date;
  readonly active: boolean;
}

export interface WorkerIdentity {
  readonly id: string;
  readonly name: string;
  readonly entity: string;
  readonly description: string | null;
  readonly resources: Requirements;
}

const WORKER_ID = /^[a-zA-Z0-9_-]{1,128}$/;

export const validateWorkerId = (id: string): E.Either<ValidationFailed, string> =>
  WORKER_ID.test(id)
    ? E.right(id)
    : E.left(validationFailed('id', `Invalid client id '${id}': use 1 to 128 letters, digits, '_' or '-'.`));

/** Registering again under a known id refreshes the registration and reactivates it. */
export const register = (identity: WorkerIdentity, existing: WorkerRegistration | null, now: Date): E.Either<ValidationFailed, WorkerRegistration> =>
  E.map((id: string) => ({ ...identity, id, lastHeartbeat: now, createdAt: existing?.createdAt ?? now, active: true }))(
    validateWorkerId(identity.id),
  );

export const heartbeat = (worker: WorkerRegistration, now: Date): WorkerRegistration => ({ ...worker, lastHeartbeat: now });
