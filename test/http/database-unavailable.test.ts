import test from 'ava';
import { isDatabaseUnavailable } from '../../src/adapters/http/middleware/database-unavailable.js';

/** The drivers' own words for "cannot reach the database now" (503), against everything else (a fault: 500). */
test('connection failures of node-postgres, PostgreSQL and the pool are "unavailable"; other errors are not', (t) => {
  const unavailable: unknown[] = [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    new Error('Connection terminated unexpectedly'),
    new Error('Client has encountered a connection error and is not queryable'),
    new Error('Client was closed and is not queryable'),
    new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
    { name: 'ConnectionException', message: 'lost' },
    Object.assign(new Error('query failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
  ];
  for (const error of unavailable) t.true(isDatabaseUnavailable(error), String((error as Error).message));
  const faults: unknown[] = [
    Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
    Object.assign(new Error('syntax error at or near "FROM"'), { code: '42601' }),
    new Error('Cannot update jobs 7: they do not exist.'),
    null,
    'Connection terminated',
  ];
  for (const error of faults) t.false(isDatabaseUnavailable(error), String(error));
});
