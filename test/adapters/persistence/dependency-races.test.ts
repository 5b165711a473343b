import test, { type ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { mikroOrmStoreModule } from '../../../src/adapters/persistence/mikro-orm/mikro-orm-store.module.js';
import type { MikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/mikro-orm-store.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import type { UseCases } from '../../../src/application/use-cases.js';
import { buildContainer, resolveUseCases } from '../../../src/bin/container.js';
import type { DomainError } from '../../../src/domain/errors.js';
import type { Job } from '../../../src/domain/job.js';
import { UNLIMITED_OFFER } from '../../../src/domain/resources.js';
import { KEEP_FOREVER, REMOVE_ON_COMPLETE, type Retention } from '../../../src/domain/retention.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';
import { ok } from '../../support/ok.js';

const serverUrl = process.env[TEST_SERVER_ENV];
const ROUNDS = 60;

const useCasesOn = (store: MikroOrmStore): UseCases => resolveUseCases(buildContainer(mikroOrmStoreModule(store), { leaseSeconds: 60 }));

/** Two replicas of the application on one database, each with its own connection pool. */
const twoReplicas = async (url: string) => {
  const stores = [await openMikroOrmStore({ kind: 'postgres', url }), await openMikroOrmStore({ kind: 'postgres', url })];
  return { stores, a: useCasesOn(stores[0]!), b: useCasesOn(stores[1]!) };
};

const claimAndStart = async (useCases: UseCases, projectId: number) => {
  const claim = ok(await useCases.claimJob.execute({ projectId, offer: UNLIMITED_OFFER, owner: 'w', lease: true, waitMs: 0, countPending: false }));
  const job = claim.claimed[0]!.job;
  ok(await useCases.reportProgress.start(job.id, 'w'));
  return job;
};

/**
 * Round after round: a running dependency is finished by replica B (`finish`) while replica A
 * submits a job that depends on it; `check` looks at the dependent once both are done.
 */
const race =
  (
    finish: (useCases: UseCases, jobId: number) => Promise<unknown>,
    check: (t: ExecutionContext, dependent: E.Either<DomainError, Job>, dependencyId: number, round: number) => void,
    retention: Retention = KEEP_FOREVER,
  ) =>
  async (t: ExecutionContext) => {
    const database = await createScratchDatabase(serverUrl!);
    const { stores, a, b } = await twoReplicas(database.url);
    try {
      const project = ok(await a.createProject.execute({ name: 'races', description: '', status: 'ACTIVE', retention }));
      const task = ok(
        await a.createTask.execute(project.id, { name: 't', commandTemplate: null, requirements: { cpu: 1, accelerators: 0, memoryMb: 0 }, maxAttempts: 3, retryOnFailure: false, timeoutSeconds: null }),
      );
      for (let round = 0; round < ROUNDS; round++) {
        ok(await a.submitJobs.execute(project.id, [{ key: null, name: `d${round}`, taskId: task.id, parameters: '{}', priority: 100, dependsOn: [] }]));
        const dependency = await claimAndStart(a, project.id);
        const [submitted] = await Promise.all([
          a.submitJobs.execute(project.id, [{ key: null, name: `x${round}`, taskId: task.id, parameters: '{}', priority: 0, dependsOn: [{ kind: 'job', id: dependency.id }] }]),
          finish(b, dependency.id),
        ]);
        check(t, E.isLeft(submitted) ? submitted : E.right(ok(await a.getJob.execute(submitted.right[0]!.id))), dependency.id, round);
      }
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    }
  };

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`dependency races on PostgreSQL (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test(
    'a job submitted while its dependency completes on another replica is never left waiting',
    race(
      (useCases, id) => useCases.reportProgress.complete(id, 'w'),
      (t, submitted, _dependencyId, round) => {
        const dependent = ok(submitted);
        t.is(dependent.unmetDependencies, 0, `round ${round}: the dependent still waits for a COMPLETED job`);
        t.is(dependent.status, 'PENDING');
      },
    ),
  );

  test(
    'a job submitted while its dependency completes and is removed on another replica is refused or never left waiting',
    race(
      (useCases, id) => useCases.reportProgress.complete(id, 'w'),
      (t, submitted, _dependencyId, round) => {
        // Refused because the dependency is gone already, or stored and ready: never left waiting.
        if (E.isLeft(submitted)) return void t.is(submitted.left._tag, 'UnknownDependency', `round ${round}: ${submitted.left.message}`);
        t.is(submitted.right.unmetDependencies, 0, `round ${round}: the dependent still waits for a removed COMPLETED job`);
        t.is(submitted.right.status, 'PENDING');
      },
      REMOVE_ON_COMPLETE,
    ),
  );

  test(
    'a job submitted while its dependency fails on another replica is BLOCKED, never left PENDING',
    race(
      (useCases, id) => useCases.reportProgress.fail(id, 'w', { reason: 'boom', exitCode: 1 }),
      (t, submitted, dependencyId, round) => {
        const dependent = ok(submitted);
        t.is(dependent.status, 'BLOCKED', `round ${round}`);
        t.is(dependent.blockedBy, dependencyId);
      },
    ),
  );
}
