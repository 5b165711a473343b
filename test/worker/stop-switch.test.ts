import test from 'ava';
import { StopSwitch } from '../../src/adapters/worker/stop-switch.js';

test('a signal asked for before the stop is aborted by it, once', (t) => {
  const stop = new StopSwitch();
  const signal = stop.signal;
  let aborts = 0;
  signal.addEventListener('abort', () => aborts++);
  t.false(signal.aborted);
  t.false(stop.aborted);
  stop.abort();
  stop.abort();
  t.true(signal.aborted);
  t.true(stop.aborted);
  t.is(aborts, 1);
  t.is(stop.signal, signal, 'the same signal every time');
});

test('a signal first asked for after the stop comes already aborted', (t) => {
  const stop = new StopSwitch();
  stop.abort();
  t.true(stop.aborted);
  t.true(stop.signal.aborted);
});
