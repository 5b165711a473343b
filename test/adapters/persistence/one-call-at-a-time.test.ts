import test from 'ava';
import { CallQueue, oneCallAtATime } from '../../../src/adapters/persistence/mikro-orm/one-call-at-a-time.js';

/** How many calls run at once, across every recorder. */
const load = { active: 0, most: 0 };

class Recorder {
  readonly order: string[] = [];

  async call(name: string, ms: number, fail = false): Promise<string> {
    load.active += 1;
    load.most = Math.max(load.most, load.active);
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.order.push(name);
    load.active -= 1;
    if (fail) throw new Error(name);
    return name;
  }
}

test('overlapping calls on stores sharing a queue run one at a time, in call order, past failures', async (t) => {
  const queue = new CallQueue();
  const first = new Recorder();
  const second = new Recorder();
  const a = oneCallAtATime(first, queue);
  const b = oneCallAtATime(second, queue);
  const results = await Promise.allSettled([a.call('a1', 20), b.call('b1', 1, true), a.call('a2', 5), b.call('b2', 1)]);
  t.deepEqual(
    results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)),
    ['a1', 'b1', 'a2', 'b2'],
  );
  t.deepEqual([first.order, second.order], [['a1', 'a2'], ['b1', 'b2']]);
  t.is(load.most, 1);
  t.is(load.active, 0);
});
