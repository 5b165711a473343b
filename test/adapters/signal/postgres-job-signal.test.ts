import test from 'ava';
import { PostgresJobSignal } from '../../../src/adapters/signal/postgres-job-signal.js';
import { createScratchDatabase, TEST_SERVER_ENV } from '../../contract/database-fixture.js';

const serverUrl = process.env[TEST_SERVER_ENV];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (serverUrl === undefined || serverUrl === '') {
  test.skip(`PostgresJobSignal (set ${TEST_SERVER_ENV} to run it)`, () => {});
} else {
  test('PostgresJobSignal wakes the other processes once per notification and ignores its own coming back', async (t) => {
    const database = await createScratchDatabase(serverUrl);
    const here = new PostgresJobSignal(database.url);
    const there = new PostgresJobSignal(database.url);
    try {
      await Promise.all([here.start(), there.start()]);
      const wokenThere = there.wait(7, 5_000);
      here.notify(7);
      t.is(here.version(7), 1, 'local waiters are woken at once');
      t.true(await wokenThere, 'the other process is woken through NOTIFY');
      await sleep(300);
      t.is(here.version(7), 1, 'its own notification, coming back, does not wake it again');
      t.is(there.version(7), 1);

      const wokenHere = here.wait(7, 5_000);
      there.notify(7);
      t.true(await wokenHere);
      t.is(here.version(7), 2);
    } finally {
      await Promise.all([here.close(), there.close()]);
      await database.drop();
    }
  });
}
