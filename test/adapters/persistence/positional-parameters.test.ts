import test from 'ava';
import { positionalStatement } from '../../../src/adapters/persistence/mikro-orm/positional-parameters.js';

const positionalParameters = (sql: string): string => positionalStatement(sql).text;

test('? placeholders become $1, $2, … in order', (t) => {
  t.is(positionalParameters('SELECT * FROM jobs WHERE id = ? AND name = ? LIMIT ?'), 'SELECT * FROM jobs WHERE id = $1 AND name = $2 LIMIT $3');
  t.is(positionalParameters('SELECT ?::int[]'), 'SELECT $1::int[]');
  t.is(positionalParameters('SELECT 1'), 'SELECT 1');
});

test('a ? inside a quoted literal or identifier stays as it is', (t) => {
  t.is(positionalParameters(`SELECT '?', 'it''s ?', "col?" FROM t WHERE a = ?`), `SELECT '?', 'it''s ?', "col?" FROM t WHERE a = $1`);
});

test('one name per text: the same text gets the same name, another text another', (t) => {
  const sql = `UPDATE jobs SET name = ? WHERE id = ? -- ${Math.random()}`;
  t.is(positionalStatement(sql).name, positionalStatement(sql).name);
  t.not(positionalStatement(sql).name, positionalStatement(`${sql} `).name);
  t.true(positionalParameters(sql).includes('name = $1 WHERE id = $2'));
});
