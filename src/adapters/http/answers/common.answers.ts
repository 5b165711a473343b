import * as t from 'io-ts';
import { RawJson } from '../../json/raw-json-response.js';
import { SafeInt } from '../codecs/primitives.codecs.js';
import { describedAs } from '../openapi/codec-schema.js';

/**
 * The building blocks of the answer codecs. Presenters return `t.TypeOf` of an answer codec, so
 * the type checker holds them to it, and the OpenAPI document describes answers from the same
 * codecs: what is documented is what is sent.
 */

export const Integer = SafeInt;

/** ISO 8601 in UTC with `Z` (API.md A.12). */
export const ISO_Z_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
export const Timestamp = describedAs(
  new t.Type<string, string, unknown>('Timestamp', t.string.is, t.string.validate, t.identity),
  { type: 'string', format: 'date-time', pattern: ISO_Z_PATTERN },
);

/** One of these strings (an enum). */
export const keysOf = <K extends string>(values: readonly K[]) => t.keyof(Object.fromEntries(values.map((v) => [v, null])) as Record<K, null>);

export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/** A stored JSON object sent verbatim (job parameters): its exact text, spliced into the answer. */
export const RawJsonObject = describedAs(
  new t.Type<RawJson, RawJson, unknown>('RawJsonObject', (u): u is RawJson => u instanceof RawJson, (u, c) => (u instanceof RawJson ? t.success(u) : t.failure(u, c)), t.identity),
  { type: 'object', description: 'Any JSON object, returned exactly as it was sent (key order, number literals).' },
);

/** `{"data": …}`: the original's answer to PUT. */
export const DataOf = <C extends t.Mixed>(codec: C) => t.type({ data: codec });

/** Every 4xx but validation errors: `{"detail": "<message>"}`. */
export const ErrorAnswer = t.type({ detail: t.string });
export type ErrorAnswer = t.TypeOf<typeof ErrorAnswer>;

/** One problem of a refused request, in FastAPI's shape. */
export const ValidationIssueAnswer = t.readonly(t.type({ loc: t.readonlyArray(t.union([t.string, Integer])), msg: t.string, type: t.string }));

/** 422: `{"detail": [{"loc", "msg", "type"}]}`. */
export const ValidationErrorAnswer = t.type({ detail: t.readonlyArray(ValidationIssueAnswer) });
