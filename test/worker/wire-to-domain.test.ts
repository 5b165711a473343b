import test from 'ava';
import { statusOf } from '../../src/adapters/worker/wire-to-domain.js';

test('a report acknowledgement reads the status in any case, and refuses a status it does not know', (t) => {
  t.is(statusOf('RUNNING'), 'RUNNING');
  t.is(statusOf('completed'), 'COMPLETED');
  t.throws(() => statusOf('DONE'), { message: "the server answered an unknown job status 'DONE'" });
});
