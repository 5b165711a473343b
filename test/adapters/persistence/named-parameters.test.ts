import test from 'ava';
import { bindParameters, prepareStatement } from '../../../src/adapters/persistence/mikro-orm/named-parameters.js';

const text = (sql: string): string => prepareStatement(sql).text;

test(':name placeholders become $1, $2, … in order of first use, a repeated name one $n', (t) => {
  t.is(text('SELECT * FROM jobs WHERE id = :id AND name = :name LIMIT :limit'), 'SELECT * FROM jobs WHERE id = $1 AND name = $2 LIMIT $3');
  t.is(text('SELECT 1 WHERE :a = :b OR :b = :a'), 'SELECT 1 WHERE $1 = $2 OR $2 = $1');
  t.deepEqual(prepareStatement('SELECT :b, :a, :b').parameters, ['b', 'a']);
  t.is(text('SELECT 1'), 'SELECT 1');
});

test('casts, quoted literals and quoted identifiers are left as they are', (t) => {
  t.is(text('SELECT :ids::int[], x::text'), 'SELECT $1::int[], x::text');
  t.is(text(`SELECT ':no', 'it''s :no', "col:no" FROM t WHERE a = :yes`), `SELECT ':no', 'it''s :no', "col:no" FROM t WHERE a = $1`);
  t.is(text('SELECT a[1:2], :x'), 'SELECT a[1:2], $1');
});

test('values go in placeholder order; a missing, unknown or array value is refused', (t) => {
  const sql = 'SELECT :b, :a, :b';
  const statement = prepareStatement(sql);
  t.deepEqual(bindParameters(statement, sql, { a: 1, b: null }), [null, 1]);
  t.throws(() => bindParameters(statement, sql, { a: 1 }), { message: /SQL parameter :b is missing/ });
  t.throws(() => bindParameters(statement, sql, { a: 1, b: 2, c: 3 }), { message: /SQL parameter :c is given but the statement has no such placeholder/ });
  t.throws(() => bindParameters(statement, sql, { a: [1], b: 2 }), { message: /SQL parameter :a is an array/ });
});

test('one name per text: the same text gets the same name, another text another', (t) => {
  const sql = `UPDATE jobs SET name = :name WHERE id = :id -- ${Math.random()}`;
  t.is(prepareStatement(sql).name, prepareStatement(sql).name);
  t.not(prepareStatement(sql).name, prepareStatement(`${sql} `).name);
});
