import { PGlite } from '@electric-sql/pglite';
import test from 'ava';
import { asArrayParameter } from '../../../src/adapters/persistence/mikro-orm/sql-values.js';

/** Array literals must come back from PostgreSQL's own parser exactly as the values went in (read back as JSON: PGlite's client-side array parser reads a NULL element as 'NULL'). */
test('array parameters round-trip through PostgreSQL: any text, numbers, booleans, dates and NULL', async (t) => {
  const database = new PGlite();
  try {
    const texts = ['plain', '', ' padded ', 'a,b', '{braces}', 'quote"d', 'back\\slash', '\\"', 'NULL', 'new\nline', 'é ∑ 🎉', null];
    const [textRow] = (await database.query<{ a: (string | null)[] }>('SELECT array_to_json($1::text[]) AS a', [asArrayParameter(texts)])).rows;
    t.deepEqual(textRow!.a, texts);

    const numbers = [0, -1, 42, 9007199254740991, null];
    const [numberRow] = (await database.query<{ a: (number | null)[] }>('SELECT array_to_json($1::float8[]) AS a', [asArrayParameter(numbers)])).rows;
    t.deepEqual(numberRow!.a, numbers);
    t.is(asArrayParameter([1, 2.5, -3]), '{1,2.5,-3}', 'numbers go bare');

    const [boolRow] = (await database.query<{ a: (boolean | null)[] }>('SELECT array_to_json($1::bool[]) AS a', [asArrayParameter([true, false, null])])).rows;
    t.deepEqual(boolRow!.a, [true, false, null]);

    const at = new Date('2026-11-27T03:04:05.678Z');
    const [dateRow] = (
      await database.query<{ a: (number | null)[] }>(`SELECT array_to_json(ARRAY(SELECT extract(epoch FROM d) * 1000 FROM unnest($1::timestamptz[]) d)) AS a`, [
        asArrayParameter([at, undefined]),
      ])
    ).rows;
    t.deepEqual(dateRow!.a, [at.getTime(), null]);
  } finally {
    await database.close();
  }
});

test('repeated elements reuse their encoding without mixing up equal-looking values', (t) => {
  const at = new Date('2026-11-27T03:04:05.678Z');
  const sameInstant = new Date(at.getTime());
  const later = new Date(at.getTime() + 1);
  t.is(
    asArrayParameter([at, sameInstant, later, later, null, null, undefined, 'w"1', 'w"1', 1, '1', 1, true, 't', at.toISOString(), at]),
    `{"2026-11-27T03:04:05.678Z","2026-11-27T03:04:05.678Z","2026-11-27T03:04:05.679Z","2026-11-27T03:04:05.679Z",NULL,NULL,NULL,"w\\"1","w\\"1",1,"1",1,t,"t","2026-11-27T03:04:05.678Z","2026-11-27T03:04:05.678Z"}`,
  );
});
