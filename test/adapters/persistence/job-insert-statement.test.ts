import test from 'ava';
import { jobInsertStatement } from '../../../src/adapters/persistence/mikro-orm/job-insert-statement.js';
import { jobToRecord } from '../../../src/adapters/persistence/mikro-orm/jobs.table.js';
import { newJob } from '../../contract/fixtures.js';

test('columns every record shares travel once; the others, and always the name, as arrays in record order', (t) => {
  const records = [newJob(1, 2, { name: 'a', priority: 5 }), newJob(1, 2, { name: 'b', priority: 7 })].map(jobToRecord);
  const { sql, params } = jobInsertStatement(records);
  t.regex(sql, /FROM unnest\(\?::text\[\], \?::bigint\[\]\)\s+WITH ORDINALITY AS batch\(name, priority, ordinality\)/);
  t.regex(sql, /SELECT \?::integer, \?::integer, batch\.name, \?::text, batch\.priority, \?::text,/);
  t.deepEqual(params.slice(0, 4), [1, 2, '{}', 'PENDING']);
  t.deepEqual(params.slice(-2), ['{"a","b"}', '{5,7}']);
  t.is(params.length, 22, 'one parameter per column');
});

test('dates are shared when they are the same instant, even as different objects', (t) => {
  const at = new Date('2026-11-27T03:04:05.678Z');
  const records = [newJob(1, 2, { name: 'a', createdAt: at }), newJob(1, 2, { name: 'b', createdAt: new Date(at.getTime()) })].map(jobToRecord);
  const { params } = jobInsertStatement(records);
  t.true(params.some((param) => param instanceof Date && param.getTime() === at.getTime()));
  const apart = [newJob(1, 2, { name: 'a', createdAt: at }), newJob(1, 2, { name: 'b', createdAt: new Date(at.getTime() + 1) })].map(jobToRecord);
  t.regex(jobInsertStatement(apart).sql, /batch\(name, created_at, ordinality\)/);
});
