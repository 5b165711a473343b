import * as t from 'io-ts';

const INTEGER_TEXT = /^-?\d+$/;

/** A safe integer written as text (path and query parameters). */
export const IntFromString = new t.Type<number, string, unknown>(
  'integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => (typeof u === 'string' && INTEGER_TEXT.test(u) && Number.isSafeInteger(Number(u)) ? t.success(Number(u)) : t.failure(u, c)),
  String,
);

/** A safe integer in a JSON body (`1.0` parses to 1 and is accepted, as by the original). */
export const SafeInt = new t.Type<number, number, unknown>(
  'integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u),
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Ids are PostgreSQL `integer` (identity) values, as the original's `serial`: no entity has an id outside this range. */
const ID_MIN = -2_147_483_648;
const ID_MAX = 2_147_483_647;
export const isIdInRange = (n: number): boolean => Number.isSafeInteger(n) && n >= ID_MIN && n <= ID_MAX;
const ID_NAME = `id (an integer from ${ID_MIN} to ${ID_MAX})`;

/** The id of a project, task or job written as text (path and query parameters). */
export const IdFromString = t.refinement(IntFromString, isIdInRange, ID_NAME);

/** The id of a project, task or job in a JSON body. */
export const SafeId = t.refinement(SafeInt, isIdInRange, ID_NAME);

export const intAtLeast = (codec: t.Type<number, string | number, unknown>, minimum: number, name: string) =>
  t.refinement(codec, (n) => n >= minimum, name);

export const intBetween = (codec: t.Type<number, string | number, unknown>, minimum: number, maximum: number, name: string) =>
  t.refinement(codec, (n) => n >= minimum && n <= maximum, name);

/** Any number written as text (seconds to wait, say). */
export const NumberFromString = new t.Type<number, string, unknown>(
  'number',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && u.trim() !== '' && Number.isFinite(Number(u)) ? t.success(Number(u)) : t.failure(u, c)),
  String,
);

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** A boolean in a query string; the original CLI sends `True`/`False`. */
export const BooleanFromString = new t.Type<boolean, string, unknown>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c);
    const lower = u.toLowerCase();
    return TRUE.has(lower) ? t.success(true) : FALSE.has(lower) ? t.success(false) : t.failure(u, c);
  },
  String,
);

/** One of `values`, in any letter case; decodes to the upper-case value. */
export const caseInsensitive = <V extends string>(name: string, values: readonly V[]) =>
  new t.Type<V, string, unknown>(
    name,
    (u): u is V => typeof u === 'string' && (values as readonly string[]).includes(u),
    (u, c) => {
      const match = typeof u === 'string' ? values.find((v) => v === u.toUpperCase()) : undefined;
      return match === undefined ? t.failure(u, c, `expected one of ${values.join(', ')} (any case)`) : t.success(match);
    },
    t.identity,
  );

/** A JSON object (parameters, depends); its exact text is taken from the raw body. */
export const JsonObject = t.UnknownRecord;
