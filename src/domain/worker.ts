import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { validationFailed, type ValidationFailed } from './errors.js';
import { validateCount } from './names.js';
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

export const validateResources = (resources: Requirements): E.Either<ValidationFailed, Requirements> =>
  pipe(
    validateCount('available_cpu', resources.cpu),
    E.chain(() => validateCount('available_accelerators', resources.accelerators)),
    E.chain(() => validateCount('available_memory_mb', resources.memoryMb)),
    E.map(() => resources),
  );

/** Registering again under a known id refreshes the registration and reactivates it. */
export const register = (identity: WorkerIdentity, existing: WorkerRegistration | null, now: Date): E.Either<ValidationFailed, WorkerRegistration> =>
  pipe(
    validateWorkerId(identity.id),
    E.chain(() => validateResources(identity.resources)),
    E.map(() => ({ ...identity, lastHeartbeat: now, createdAt: existing?.createdAt ?? now, active: true })),
  );

export const heartbeat = (worker: WorkerRegistration, now: Date): WorkerRegistration => ({ ...worker, lastHeartbeat: now });
