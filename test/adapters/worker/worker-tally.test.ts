import test from 'ava';
import { summaryText, WorkerTally } from '../../../src/adapters/worker/worker-tally.js';

test('the tally counts each kind of event and the time since the start', (t) => {
  const tally = new WorkerTally(1_000);
  tally.observe({ type: 'started', jobId: 1, acceleratorIndices: [] });
  tally.observe({ type: 'started', jobId: 2, acceleratorIndices: [0] });
  tally.observe({ type: 'started', jobId: 3, acceleratorIndices: [] });
  tally.observe({ type: 'completed', jobId: 1 });
  tally.observe({ type: 'failed', jobId: 2, reason: 'exit 1' });
  tally.observe({ type: 'released', jobId: 3 });
  tally.observe({ type: 'error', message: 'server unreachable' });
  t.deepEqual(tally.summary(186_050), { started: 3, completed: 1, failed: 1, dropped: 0, released: 1, errors: 1, seconds: 185.1 });
});

test('the summary line names what happened, the rest only when there is any', (t) => {
  const base = { started: 12, completed: 10, failed: 2, dropped: 0, released: 0, errors: 0 };
  t.is(summaryText({ ...base, seconds: 4.2 }), '12 jobs run (10 completed, 2 failed) in 4.2s');
  t.is(summaryText({ ...base, dropped: 1, released: 2, seconds: 185.1 }), '12 jobs run (10 completed, 2 failed), 1 dropped, 2 released in 3m05s');
  t.is(summaryText({ ...base, started: 1, completed: 1, failed: 0, seconds: 7_384 }), '1 job run (1 completed, 0 failed) in 2h03m');
});
