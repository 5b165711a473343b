import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { effectiveRetention, formatRetention, keepFor, KEEP_FOREVER, parseRetention, REMOVE_ON_COMPLETE } from '../../src/domain/retention.js';

test('parseRetention reads keep, remove_on_complete and periods in whole days, hours, minutes or seconds', (t) => {
  t.deepEqual(parseRetention('retention', 'keep'), E.right(KEEP_FOREVER));
  t.deepEqual(parseRetention('retention', 'remove_on_complete'), E.right(REMOVE_ON_COMPLETE));
  t.deepEqual(parseRetention('retention', '30d'), E.right(keepFor(30 * 86_400)));
  t.deepEqual(parseRetention('retention', '12h'), E.right(keepFor(12 * 3_600)));
  t.deepEqual(parseRetention('retention', '90m'), E.right(keepFor(90 * 60)));
  t.deepEqual(parseRetention('retention', '1s'), E.right(keepFor(1)));
});

for (const bad of ['', 'forever', '0d', '-1h', '1.5h', '10', '10w', ' 1d', '1D', '36501d', 'remove-on-complete']) {
  test(`parseRetention refuses '${bad}', naming the field and the forms it takes`, (t) => {
    const parsed = parseRetention('retention', bad);
    if (E.isRight(parsed)) return t.fail(`accepted '${bad}'`);
    t.is(parsed.left.field, 'retention');
    t.regex(parsed.left.message, /retention must be 'keep', 'remove_on_complete' or a period such as '30d'/);
    t.true(parsed.left.message.endsWith(`got '${bad}'`));
  });
}

test('formatRetention writes a period in the largest unit that states it exactly, and reads back the same', (t) => {
  t.is(formatRetention(keepFor(86_400 * 7)), '7d');
  t.is(formatRetention(keepFor(7_200)), '2h');
  t.is(formatRetention(keepFor(90 * 60)), '90m');
  t.is(formatRetention(keepFor(3_601)), '3601s');
  for (const text of ['keep', 'remove_on_complete', '7d', '2h', '90m', '3601s']) t.deepEqual(E.map(formatRetention)(parseRetention('r', text)), E.right(text));
});

test("a task's own retention wins over its project's; null follows the project", (t) => {
  t.deepEqual(effectiveRetention(keepFor(60), null), keepFor(60));
  t.deepEqual(effectiveRetention(keepFor(60), REMOVE_ON_COMPLETE), REMOVE_ON_COMPLETE);
  t.deepEqual(effectiveRetention(REMOVE_ON_COMPLETE, KEEP_FOREVER), KEEP_FOREVER);
});
