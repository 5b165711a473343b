import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { heartbeat, register, validateWorkerId, type WorkerIdentity, type WorkerRegistration } from '../../src/domain/worker.js';
import { CREATED, LATER, NOW } from './job-fixture.js';

const identity: WorkerIdentity = {
  id: 'gpu-node_07',
  name: 'gpu node 7',
  entity: 'lab',
  description: null,
  resources: { cpu: 32, accelerators: 4, memoryMb: 131072 },
};

test('valid worker ids: letters, digits, _ and -, from 1 to 128 characters', (t) => {
  for (const id of ['a', 'gpu-node_07', 'A-Z_0-9', 'x'.repeat(128), '0']) {
    t.deepEqual(validateWorkerId(id), E.right(id), id);
  }
});

const badIds: readonly [string, string][] = [
  ['empty', ''],
  ['with a space', 'a b'],
  ['129 characters', 'x'.repeat(129)],
  ['with a slash', 'a/b'],
  ['with a dot', 'host.example'],
  ['non-ASCII', 'nœud'],
  ['with a trailing newline', 'abc\n'],
];
for (const [what, id] of badIds) {
  test(`a worker id ${what} is refused`, (t) => {
    t.deepEqual(
      validateWorkerId(id),
      E.left({ _tag: 'ValidationFailed', field: 'id', message: `Invalid client id '${id}': use 1 to 128 letters, digits, '_' or '-'.` }),
    );
  });
}

test('register a new worker: active, created and seen now', (t) => {
  t.deepEqual(register(identity, null, NOW), E.right({ ...identity, lastHeartbeat: NOW, createdAt: NOW, active: true }));
});

test('registering again keeps createdAt, refreshes the identity and reactivates', (t) => {
  const existing: WorkerRegistration = { ...identity, name: 'old', lastHeartbeat: CREATED, createdAt: CREATED, active: false };
  t.deepEqual(register({ ...identity, description: 'rack 3' }, existing, LATER), E.right({ ...identity, description: 'rack 3', lastHeartbeat: LATER, createdAt: CREATED, active: true }));
});

test('register refuses a bad id', (t) => {
  t.like(register({ ...identity, id: 'a b' }, null, NOW), { _tag: 'Left', left: { _tag: 'ValidationFailed', field: 'id' } });
});

test('heartbeat only moves lastHeartbeat', (t) => {
  const worker: WorkerRegistration = { ...identity, lastHeartbeat: NOW, createdAt: CREATED, active: true };
  t.deepEqual(heartbeat(worker, LATER), { ...worker, lastHeartbeat: LATER });
  t.deepEqual(worker.lastHeartbeat, NOW, 'the input is not mutated');
});
