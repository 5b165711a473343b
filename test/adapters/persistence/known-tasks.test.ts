import type { ExecutionContext } from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import type { Store } from '../../../src/application/ports/store.port.js';
import type { DatabaseConfig } from '../../../src/adapters/persistence/mikro-orm/database-config.js';
import { openMikroOrmStore } from '../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';
import { newJob } from '../../contract/fixtures.js';
import { inTx, onBothDatabases, seedLab } from './persistence-kit.js';

/**
 * Work outside a transaction may take a task this store knows instead of reading it; an insert
 * relying on a task that changed since (here behind the store's back, as another process would)
 * writes nothing, and the work runs again with the task read afresh.
 */
const knownTasks = async (t: ExecutionContext, config: DatabaseConfig): Promise<void> => {
  const store = await openMikroOrmStore(config);
  const bySomeoneElse = (sql: string) => store.orm.em.getConnection().execute(sql);
  try {
    const { projectId, taskId } = await seedLab(store);
    /** Submits one job with its task's requirements; returns the cpu each attempt saw. */
    const submit = async (): Promise<{ seen: number[]; result: E.Either<string, number> }> => {
      const seen: number[] = [];
      const result = await store.autocommit<string, number>(async (tx) => {
        const [task] = await tx.tasks.getMany([taskId]);
        seen.push(task?.requirements.cpu ?? -1);
        if (task === undefined) return E.left('no such task');
        const [job] = await tx.jobs.insert([newJob(projectId, taskId, { requirements: task.requirements })]);
        return E.right(job!.requirements.cpu);
      });
      return { seen, result };
    };
    const jobCount = async () => (await inTx(store as Store, (tx) => tx.jobs.ids({ projectId, taskId: null, status: null }))).length;

    t.deepEqual(await submit(), { seen: [1], result: E.right(1) });
    await bySomeoneElse(`UPDATE tasks SET required_cpu = 4 WHERE id = ${taskId}`);
    t.deepEqual(await submit(), { seen: [1, 4], result: E.right(4) }, 'the known task was stale: nothing written, then read afresh');
    t.is(await jobCount(), 2);
    t.deepEqual(await submit(), { seen: [4], result: E.right(4) }, 'the task as read last time, unread');
    await bySomeoneElse(`DELETE FROM tasks WHERE id = ${taskId}`);
    t.deepEqual(await submit(), { seen: [4, -1], result: E.left('no such task') });
    t.is(await jobCount(), 0, 'the task took its jobs along');
  } finally {
    await store.close();
  }
};

onBothDatabases('a known task that changed is read again before a job relies on it', knownTasks);
