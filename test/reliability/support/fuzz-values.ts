import fc from 'fast-check';

/**
 * Hostile values as JSON texts and query/path texts. `@@name@@` tokens stand for entities of the
 * fuzz lab (see fuzz-lab.ts) and are replaced when a request is sent, so that a generated
 * request aims at whatever the lab currently holds.
 */

export const LAB_NUMBERS = ['@@project@@', '@@task@@', '@@job0@@', '@@job1@@', '@@job2@@', '@@job3@@'] as const;
export const LAB_TEXTS = ['@@projectName@@', '@@taskName@@', '@@client@@'] as const;

/** Number literals JavaScript gets wrong or that overflow every integer column. */
export const HOSTILE_NUMBERS = [
  '0', '-0', '1', '-1', '1.0', '-1.5', '0.1', '1e-7', '1e400', '-1e400', '2e308', '1E+2',
  '18446744073709551616', '18446744073709551615', '9223372036854775808', '-9223372036854775809',
  '9007199254740993', '2147483648', '4294967296', '123456789012345678901234567890.5',
] as const;

/** Strings aimed at SQL, shells, paths, encodings and enum parsers. */
export const HOSTILE_STRINGS = [
  '', ' ', "'; DROP TABLE jobs; --", '" OR 1=1 --', "\\'", '\\', '$1', '%', '_', '%_%', '*', '?',
  '$(touch /tmp/wn-fuzz-marker)', '`id`', 'a;b', 'a|b', 'a && b', 'line\nbreak', '\r\n', '\t',
  '../../etc/passwd', '/', '%2F', '%00', '\u0000', 'nul\u0000inside', '\ud800', '\udfff', '\uffff', '\ufeff',
  'ACTIVE', 'archived', 'all', 'ALL', 'pending', 'RUNNING', 'Failed', 'cancelled', 'true', 'False', 'null',
  'é', '日本語', '🙂', 'a\u0301', '\u202e', 'x'.repeat(5000),
] as const;

export const FIELD_NAMES = [
  'name', 'description', 'status', 'project_id', 'task_id', 'parameters', 'priority', 'depends', 'jobs',
  'command_template', 'required_cpu', 'required_accelerators', 'required_memory_mb', 'max_attempts',
  'retry_on_failure', 'timeout_seconds', 'id', 'entity', 'available_cpu', 'available_accelerators',
  'available_memory_mb', 'is_active', 'client_id', 'reason', 'exit_code', 'key', 'depends_on', 'position',
  '__proto__', 'constructor',
] as const;

export const QUERY_KEYS = [
  'limit', 'skip', 'status_filter', 'project_id', 'task_id', 'status', 'available_cpu', 'available_accelerators',
  'available_memory_mb', 'client_id', 'wait', 'exact', 'active_only',
] as const;

/** A JSON string literal; lone surrogates are escaped by JSON.stringify. */
const stringLiteral = (text: string): string => JSON.stringify(text);

export const jsonNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...LAB_NUMBERS),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
);

export const textValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...LAB_TEXTS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const jsonStringText = textValue.map(stringLiteral);

/** Any JSON value as text, biased towards the fields the routes read. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonNumberText,
    jsonStringText,
    fc.constantFrom('true', 'false', 'null'),
    tie('object'),
    tie('array'),
  ),
  object: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), textValue), tie('value')), { maxLength: 6 })
    .map((members) => `{${members.map(([key, value]) => `${stringLiteral(key)}:${value}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
})).value;

/** An object with the routes' own fields, holding plausible or hostile values: most requests get past the codecs' first check. */
export const fieldsObjectText: fc.Arbitrary<string> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.oneof(jsonNumberText, jsonStringText, jsonText)), { selector: ([key]) => key, maxLength: 8 })
  .map((members) => `{${members.map(([key, value]) => `${stringLiteral(key)}:${value}`).join(',')}}`);

/** Texts that are not one JSON value. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '}', '[', '{"name":', '{"name":"x",}', "{'name':'x'}", '{"name":"x"}}', '{name:"x"}', 'NaN', 'Infinity',
    '{"a":NaN}', '{"a":1e}', '{"a":-}', '{"a":01}', '{"a":"\\x41"}', '{"a":"\\u12"}', '/* c */{}', '{"a":1}//', '\ufeff{}', 'undefined', ',', '"'),
  fc.tuple(fieldsObjectText, fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** `[[[…]]]` or `{"a":{"a":…}}` this many levels deep, inside a routes' field or bare. */
export const deeplyNestedText = (levels: number, kind: 'array' | 'object', where: 'bare' | 'parameters'): string => {
  const nested = kind === 'array' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return where === 'bare' ? nested : `{"name":"deep","project_id":@@project@@,"task_id":@@task@@,"parameters":${nested}}`;
};

/** Bytes that are not UTF-8: stray continuation bytes, overlong forms, surrogates, truncations. */
export const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]] as const;

/** Query values: numbers, hostile strings, lab references. `wait` only ever waits a moment. */
export const queryValue = (key: string): fc.Arbitrary<string> =>
  key === 'wait'
    ? fc.constantFrom('0', '0.01', '-1', '301', '1e400', 'NaN', '', 'abc', '-0')
    : fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.constantFrom(...LAB_NUMBERS, ...LAB_TEXTS), textValue);
