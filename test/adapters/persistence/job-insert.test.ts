import test from 'ava';
import { jobToRecord } from '../../../src/adapters/persistence/mikro-orm/jobs.table.js';
import { jobInsertStatement } from '../../../src/adapters/persistence/mikro-orm/sql/job-insert.js';
import { newJob } from '../../contract/fixtures.js';

test('columns every record shares travel once; the others, and always the name, as arrays in record order', (t) => {
  const records = [newJob(1, 2, { name: 'a', priority: 5 }), newJob(1, 2, { name: 'b', priority: 7 })].map(jobToRecord);
  const { sql, params } = jobInsertStatement(records);
  t.regex(sql, /FROM unnest\(:name::text\[\], :priority::bigint\[\]\) WITH ORDINALITY AS batch\(name, priority, ordinality\)/);
  t.regex(sql, /SELECT :projectId::integer, :taskId::integer, batch\.name, :parameters::text, batch\.priority, :status::text,/);
  t.like(params, { projectId: 1, taskId: 2, parameters: '{}', status: 'PENDING', name: '{"a","b"}', priority: '{5,7}' });
  t.is(Object.keys(params).length, 22, 'one parameter per column');
});

test('dates are shared when they are the same instant, even as different objects', (t) => {
  const at = new Date('2026-11-27T03:04:05.678Z');
  const records = [newJob(1, 2, { name: 'a', createdAt: at }), newJob(1, 2, { name: 'b', createdAt: new Date(at.getTime()) })].map(jobToRecord);
  const { params } = jobInsertStatement(records);
  const { createdAt } = params as { createdAt?: unknown };
  t.true(createdAt instanceof Date && createdAt.getTime() === at.getTime());
  const apart = [newJob(1, 2, { name: 'a', createdAt: at }), newJob(1, 2, { name: 'b', createdAt: new Date(at.getTime() + 1) })].map(jobToRecord);
  t.regex(jobInsertStatement(apart).sql, /batch\(name, created_at, ordinality\)/);
});

test('a write relying on tasks it did not read checks their versions in the same statement', (t) => {
  const { sql, params } = jobInsertStatement([jobToRecord(newJob(1, 2))], { ids: [2], versions: ['734'] });
  t.regex(sql, /WHERE NOT EXISTS \(\s+SELECT 1 FROM unnest\(:assumedTaskIds::int\[\], :assumedTaskVersions::text\[\]\)/);
  t.like(params, { assumedTaskIds: '{2}', assumedTaskVersions: '{"734"}' });
});
