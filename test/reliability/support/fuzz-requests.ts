import fc from 'fast-check';
import type { Route } from '../../../src/adapters/http/route.js';
import { isIntegerParam, pathParams } from '../../http/server-harness.js';
import type { FuzzLab } from './fuzz-lab.js';
import type { RawRequest } from './fuzz-raw-http.js';
import {
  deeplyNestedText,
  fieldsObjectText,
  HOSTILE_NUMBERS,
  INVALID_UTF8,
  jsonText,
  LAB_NUMBERS,
  LAB_TEXTS,
  malformedJsonText,
  QUERY_KEYS,
  queryValue,
  textValue,
} from './fuzz-values.js';

/**
 * Generated requests for one route of the route table: its path with hostile path parameters,
 * a hostile query string, and a hostile body (valid JSON with wrong types and huge numbers,
 * malformed JSON, deep nesting, invalid UTF-8, any content type), as bytes on the wire.
 */

/** A piece of a path or query: text to percent-encode, or bytes sent as they are. */
type Piece = { readonly text: string } | { readonly raw: readonly number[] };

export interface FuzzRequestSpec {
  readonly method: string;
  /** One of the route's spellings (collections with and without the trailing slash). */
  readonly template: string;
  readonly params: Readonly<Record<string, Piece>>;
  readonly query: readonly (readonly [Piece, Piece])[];
  /** JSON-ish text with lab tokens, plus invalid bytes to splice in at a position. */
  readonly body: { readonly text: string; readonly invalid: readonly number[] | null; readonly at: number } | null;
  readonly contentType: string | null;
}

const CONTENT_TYPES = [
  'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz', 'application/json; charset=utf-16', 'application/xml', '*/*', 'application/json; charset=latin1',
] as const;

/** Percent-escapes that are invalid UTF-8, NUL, an encoded slash, or not escapes at all; and raw high bytes. */
const rawPiece: fc.Arbitrary<Piece> = fc.oneof(
  fc.constantFrom('%FF', '%00', '%C0%AF', '%ED%A0%80', '%E2%82', '%', '%zz', '%2F', '%2e%2e', '..', '%20', '+', '%u0041').map((text) => ({ raw: [...Buffer.from(text, 'latin1')] })),
  fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 }).map((raw) => ({ raw })),
);

const textPiece = (values: fc.Arbitrary<string>): fc.Arbitrary<Piece> => values.map((text) => ({ text }));

const pathPiece = (name: string): fc.Arbitrary<Piece> =>
  isIntegerParam(name)
    ? fc.oneof(
        { weight: 5, arbitrary: textPiece(fc.constantFrom(...LAB_NUMBERS)) },
        { weight: 2, arbitrary: textPiece(fc.constantFrom(...HOSTILE_NUMBERS, '0x10', ' 1', '1 ', '+1', '١', '1_000')) },
        { weight: 1, arbitrary: textPiece(textValue.filter((text) => text !== '')) },
        { weight: 1, arbitrary: rawPiece },
      )
    : fc.oneof(
        { weight: 4, arbitrary: textPiece(fc.constantFrom(...LAB_TEXTS)) },
        { weight: 3, arbitrary: textPiece(textValue.filter((text) => text !== '')) },
        { weight: 1, arbitrary: rawPiece },
      );

const queryPair: fc.Arbitrary<readonly [Piece, Piece]> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...QUERY_KEYS).chain((key) => fc.oneof(textPiece(queryValue(key)), rawPiece).map((value) => [{ text: key }, value] as const)) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(textPiece(textValue), rawPiece), fc.oneof(textPiece(textValue), rawPiece)) },
);

const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fieldsObjectText },
  { weight: 2, arbitrary: jsonText },
  { weight: 2, arbitrary: malformedJsonText },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(600, 10_000), fc.constantFrom('array' as const, 'object' as const), fc.constantFrom('bare' as const, 'parameters' as const))
      .map(([levels, kind, where]) => deeplyNestedText(levels, kind, where)),
  },
);

const body = fc.record({
  text: bodyText,
  invalid: fc.option(fc.constantFrom(...INVALID_UTF8), { freq: 5 }),
  at: fc.nat(),
});

/** Requests for `route` at one of its spellings; bodies go to routes that read one, and now and then to others. */
export const fuzzRequests = (route: Route, spellings: readonly string[]): fc.Arbitrary<FuzzRequestSpec> => {
  const names = pathParams(route.path);
  return fc.record({
    method: fc.constant(route.method.toUpperCase()),
    template: fc.constantFrom(...spellings),
    params: fc.record(Object.fromEntries(names.map((name) => [name, pathPiece(name)]))) as fc.Arbitrary<Record<string, Piece>>,
    query: fc.array(queryPair, { maxLength: 4 }),
    body: route.body ? fc.option(body, { freq: 10 }) : fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: body }),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 8 }),
  });
};

// ---------------------------------------------------------------------------------------------
// Rendering

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte of the UTF-8 form but the unreserved characters. */
const encode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (byte < 0x80 && UNRESERVED.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** Lab tokens replaced with the lab's ids and names. */
export const withLab = (text: string, lab: FuzzLab): string =>
  text.replace(/@@(\w+)@@/g, (token, name: string) => {
    switch (name) {
      case 'project': return String(lab.projectId);
      case 'task': return String(lab.taskId);
      case 'projectName': return lab.projectName;
      case 'taskName': return lab.taskName;
      case 'client': return lab.clientId;
      default: {
        const job = /^job(\d)$/.exec(name);
        return job ? String(lab.jobIds[Number(job[1])] ?? 0) : token;
      }
    }
  });

const pieceBytes = (piece: Piece, lab: FuzzLab): Buffer =>
  'raw' in piece ? Buffer.from(piece.raw) : Buffer.from(encode(withLab(piece.text, lab)), 'latin1');

const bodyBytes = (spec: NonNullable<FuzzRequestSpec['body']>, lab: FuzzLab): Buffer => {
  const text = Buffer.from(withLab(spec.text, lab), 'utf8');
  if (spec.invalid === null) return text;
  const at = text.length === 0 ? 0 : spec.at % text.length;
  return Buffer.concat([text.subarray(0, at), Buffer.from(spec.invalid), text.subarray(at)]);
};

export const renderRequest = (spec: FuzzRequestSpec, lab: FuzzLab): RawRequest => {
  const parts = spec.template.split(/(\{\w+\})/).map((part) => {
    const param = /^\{(\w+)\}$/.exec(part);
    return param ? pieceBytes(spec.params[param[1]!]!, lab) : Buffer.from(part, 'latin1');
  });
  const query = spec.query.map(([key, value]) => Buffer.concat([pieceBytes(key, lab), Buffer.from('='), pieceBytes(value, lab)]));
  const target = Buffer.concat([...parts, ...(query.length > 0 ? [Buffer.from('?'), ...query.flatMap((pair, i) => (i === 0 ? [pair] : [Buffer.from('&'), pair]))] : [])]);
  return {
    method: spec.method,
    target,
    headers: spec.contentType === null ? {} : { 'content-type': spec.contentType },
    ...(spec.body !== null ? { body: bodyBytes(spec.body, lab) } : {}),
  };
};

/** What a failure message shows of a request. */
export const describeRequest = (request: RawRequest): string =>
  `${request.method} ${request.target.toString('latin1').slice(0, 300)} [${request.headers?.['content-type'] ?? 'no content type'}] ${request.body === undefined ? '' : JSON.stringify(request.body.toString('latin1').slice(0, 300))}`;
