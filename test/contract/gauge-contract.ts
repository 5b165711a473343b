import type { Job } from '../../src/domain/job.js';
import { type Check, inTx, right, seed } from './contract-kit.js';
import { after, newJob, newTask } from './fixtures.js';

const claimedBy = (owner: string, status: 'QUEUED' | 'RUNNING', requirements: Job['requirements']) => ({
  status,
  attempts: 1,
  requirements,
  lease: { owner, expiresAt: after(600) },
  startedAt: status === 'RUNNING' ? after(1) : null,
});

/** What metrics read at scrape time: every project's counts with the names, and what lease holders hold. */
export const gaugeContract = (check: Check): void => {
  check('countAllByTaskAndStatus: every project\'s counts by task and status, with both names, as jobs come, move and go', async (t, store) => {
    await inTx(store, async (tx) => {
      t.deepEqual(await tx.queue.countAllByTaskAndStatus(), [], 'no job, no count');
      const lab = await seed(tx, 'lab');
      const eval_ = right(await tx.tasks.insert(newTask(lab.project.id, 'eval')));
      const other = await seed(tx, 'other');
      const [first, , , gone] = await tx.jobs.insert([
        newJob(lab.project.id, lab.task.id, { name: 'a' }),
        newJob(lab.project.id, lab.task.id, { name: 'b' }),
        newJob(lab.project.id, eval_.id, { name: 'c', status: 'COMPLETED', finishedAt: after(2) }),
        newJob(other.project.id, other.task.id, { name: 'd' }),
      ]);
      await tx.jobs.update({ ...first!, status: 'CANCELLED', finishedAt: after(3), updatedAt: after(3) });
      await tx.jobs.delete([gone!.id]);
      await tx.jobs.insert([newJob(other.project.id, other.task.id, { name: 'e', status: 'BLOCKED' })]);
      const named = (project: { id: number; name: string }, task: { id: number; name: string }, status: Job['status'], count: number) => ({
        projectId: project.id,
        projectName: project.name,
        taskId: task.id,
        taskName: task.name,
        status,
        count,
      });
      t.deepEqual(await tx.queue.countAllByTaskAndStatus(), [
        named(lab.project, lab.task, 'CANCELLED', 1),
        named(lab.project, lab.task, 'PENDING', 1),
        named(lab.project, eval_, 'COMPLETED', 1),
        named(other.project, other.task, 'BLOCKED', 1),
      ]);
    });
  });

  check('heldBy: the requirements summed of the QUEUED and RUNNING jobs each owner holds; nothing for owners holding none', async (t, store) => {
    await inTx(store, async (tx) => {
      const { project, task } = await seed(tx);
      t.deepEqual(await tx.queue.heldBy([]), []);
      await tx.jobs.insert([
        newJob(project.id, task.id, { name: 'q', ...claimedBy('w1', 'QUEUED', { cpu: 2, accelerators: 1, memoryMb: 512 }) }),
        newJob(project.id, task.id, { name: 'r', ...claimedBy('w1', 'RUNNING', { cpu: 1, accelerators: 0, memoryMb: 256 }) }),
        newJob(project.id, task.id, { name: 's', ...claimedBy('W2', 'RUNNING', { cpu: 4, accelerators: 2, memoryMb: 0 }) }),
        newJob(project.id, task.id, { name: 'elsewhere', ...claimedBy('w3', 'RUNNING', { cpu: 8, accelerators: 0, memoryMb: 0 }) }),
        newJob(project.id, task.id, { name: 'done', status: 'COMPLETED', requirements: { cpu: 16, accelerators: 4, memoryMb: 1024 }, finishedAt: after(5) }),
        newJob(project.id, task.id, { name: 'waiting', requirements: { cpu: 16, accelerators: 4, memoryMb: 1024 } }),
      ]);
      t.deepEqual(await tx.queue.heldBy(['w1', 'idle', 'W2']), [
        { owner: 'W2', jobs: 1, requirements: { cpu: 4, accelerators: 2, memoryMb: 0 } },
        { owner: 'w1', jobs: 2, requirements: { cpu: 3, accelerators: 1, memoryMb: 768 } },
      ], 'by owner in code-unit order; w3 was not asked about');
    });
  });
};
