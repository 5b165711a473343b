/**
 * Claim + complete throughput on the memory store at two queue depths, through the use cases.
 * The cost per claim must not grow with the queue (claims are O(log n)).
 *   npm run bench:core
 */
import * as E from 'fp-ts/lib/Either.js';
import { performance } from 'node:perf_hooks';
import { memoryStoreModule } from '../src/adapters/persistence/memory/memory-store.module.js';
import { buildContainer, resolveUseCases } from '../src/bin/container.js';
import { UNLIMITED_OFFER } from '../src/domain/resources.js';

const MEASURED = 2_000;
const BATCH = 10_000;
const ROUNDS = 3;

const ok = <A>(result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const measure = async (depth: number): Promise<number> => {
  const useCases = resolveUseCases(buildContainer(memoryStoreModule, { leaseSeconds: 60 }));
  const project = ok(await useCases.createProject.execute({ name: 'bench', description: '', status: 'ACTIVE' }));
  const task = ok(
    await useCases.createTask.execute(project.id, {
      name: 'noop',
      commandTemplate: null,
      requirements: { cpu: 1, accelerators: 0, memoryMb: 0 },
      maxAttempts: 3,
      retryOnFailure: false,
      timeoutSeconds: null,
    }),
  );
  for (let submitted = 0; submitted < depth; submitted += BATCH) {
    const specs = Array.from({ length: Math.min(BATCH, depth - submitted) }, (_, i) => ({
      key: null,
      name: `job-${submitted + i}`,
      taskId: task.id,
      parameters: `{"i":${submitted + i}}`,
      priority: (submitted + i) % 7,
      dependsOn: [],
    }));
    ok(await useCases.submitJobs.execute(project.id, specs));
  }
  const started = performance.now();
  for (let i = 0; i < MEASURED; i++) {
    const claim = ok(
      await useCases.claimJob.execute({ projectId: project.id, offer: UNLIMITED_OFFER, owner: 'bench', lease: true, waitMs: 0, countPending: false }),
    );
    const job = claim.claimed[0]!.job;
    ok(await useCases.reportProgress.start(job.id, 'bench'));
    ok(await useCases.reportProgress.complete(job.id, 'bench'));
  }
  return (performance.now() - started) / MEASURED;
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await measure(1_000 + MEASURED); // warm up the JIT so the first depth is not penalised
const results: { depth: number; microsPerJob: number }[] = [];
for (const depth of [1_000 + MEASURED, 100_000]) {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await measure(depth));
  results.push({ depth, microsPerJob: median(rounds) * 1000 });
}
console.log(`claim + start + complete on the memory store, ${MEASURED} jobs measured, median of ${ROUNDS}`);
console.log('queued jobs | µs per job | jobs/s');
for (const { depth, microsPerJob } of results) {
  console.log(`${String(depth).padStart(11)} | ${microsPerJob.toFixed(1).padStart(10)} | ${Math.round(1e6 / microsPerJob)}`);
}
const ratio = results[1]!.microsPerJob / results[0]!.microsPerJob;
console.log(`cost at 100k / cost at 1k: ${ratio.toFixed(2)} (goal: <= 2)`);
