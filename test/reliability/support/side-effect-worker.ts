import { appendFileSync } from 'node:fs';
import { WhatsNextClient } from '../../../src/adapters/client/whatsnext-client.js';
import { untilSignal } from '../../../src/adapters/cli/until-signal.js';
import { FunctionExecutor } from '../../../src/adapters/worker/executors/function-executor.js';
import { HttpJobSource } from '../../../src/adapters/worker/http-job-source.js';
import { eventText } from '../../../src/adapters/worker/worker-events.js';
import { DEFAULT_WORKER_SETTINGS, heartbeatIntervalFor } from '../../../src/adapters/worker/worker-settings.js';
import { Worker } from '../../../src/adapters/worker/worker.js';

/**
 * A worker process for the chaos runs: the product's worker loop and HTTP job source, whose
 * jobs (task `side-effect`) append their id to a log with O_APPEND, in-process — thousands of
 * jobs a minute, where a subprocess per job would measure process start-up instead.
 *
 * argv: <server url> <project id> <worker id> <log of executions>
 * env: WN_POLL_MS, how long one claim long-polls (default 2000).
 * Prints what `whatsnext worker` prints (`job N completed`, …); SIGTERM stops it gracefully.
 */
const [url, projectId, workerId, ranLog] = process.argv.slice(2);
if (!url || !projectId || !workerId || !ranLog) throw new Error('usage: side-effect-worker <url> <project id> <worker id> <log>');

const client = new WhatsNextClient({ baseUrl: url });
const source = new HttpJobSource(client, Number(projectId), workerId);
await source.register({ id: workerId, name: workerId, entity: 'chaos', description: 'side-effect worker', resources: { cpu: 1, accelerators: 0, memoryMb: 0 } });
const executor = new FunctionExecutor({ 'side-effect': ({ jobId }) => appendFileSync(ranLog, `${jobId}\n`) });
const worker = new Worker(
  source,
  executor,
  { ...DEFAULT_WORKER_SETTINGS, pollIntervalMs: Number(process.env['WN_POLL_MS'] ?? 2_000), heartbeatIntervalMs: heartbeatIntervalFor(await source.leaseMs()) },
  (event) => process.stdout.write(`${eventText(event)}\n`),
);
process.stdout.write(`worker ${workerId} ready\n`);
const stopped = untilSignal().then(() => worker.stop());
await Promise.race([worker.run(), stopped]);
await source.deactivate().catch(() => {});
process.stdout.write(`worker ${workerId} stopped\n`);
