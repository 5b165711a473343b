import test from 'ava';
import { InProcessJobSignal } from '../../../src/adapters/signal/in-process-job-signal.js';

test('a notification between reading the version and waiting still wakes the waiter at once', async (t) => {
  const signal = new InProcessJobSignal();
  const seen = signal.version(7);
  signal.notify(7);
  t.is(signal.version(7), seen + 1);
  t.true(await signal.wait(7, 60_000, undefined, seen));
  // Another project's notification is no reason to wake.
  const other = signal.version(8);
  t.false(await signal.wait(8, 30, undefined, other));
});

test('without a version, wait resolves on the next notification, and false on timeout or abort', async (t) => {
  const signal = new InProcessJobSignal();
  const waiting = signal.wait(1, 60_000);
  signal.notify(1);
  t.true(await waiting);
  t.false(await signal.wait(1, 20));
  const abort = new AbortController();
  const aborted = signal.wait(1, 60_000, abort.signal);
  abort.abort();
  t.false(await aborted);
});
