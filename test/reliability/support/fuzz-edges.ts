import type { Route } from '../../../src/adapters/http/route.js';
import { concretePath, isIntegerParam, pathParams, spellings } from '../../http/server-harness.js';
import type { FuzzLab } from './fuzz-lab.js';
import type { RawRequest } from './fuzz-raw-http.js';
import { deeplyNestedText, HOSTILE_NUMBERS, INVALID_UTF8, QUERY_KEYS } from './fuzz-values.js';
import { withLab } from './fuzz-requests.js';

/**
 * The edge cases every route gets, enumerated rather than sampled: each hostile number in each
 * body field, path parameter and query parameter; bodies of 10 MB, 10,000 levels deep, with
 * invalid UTF-8, empty, malformed, under the wrong content type.
 */
export interface EdgeCase {
  readonly label: string;
  readonly request: RawRequest;
  /** The status the case must get, when the contract fixes one. */
  readonly expected?: number;
}

const TEN_MB = 10 * 1024 * 1024;

/** A body every route can read: the fields of all of them, aimed at the lab (exact codecs drop the others). */
const plausibleFields = (lab: FuzzLab, n: number): Record<string, string> => ({
  name: JSON.stringify(`edge-${process.pid}-${n}`),
  description: '"edge"',
  project_id: String(lab.projectId),
  task_id: String(lab.taskId),
  parameters: '{"lr":1.0}',
  id: JSON.stringify(`edge-client-${n}`),
  entity: '"edge"',
  client_id: JSON.stringify(lab.clientId),
  jobs: `[{"name":"edge","task_id":${lab.taskId}}]`,
});

const objectText = (fields: Record<string, string>): string => `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const NUMBER_FIELDS = ['project_id', 'task_id', 'priority', 'required_cpu', 'required_accelerators', 'required_memory_mb', 'max_attempts', 'timeout_seconds', 'available_cpu', 'exit_code', 'is_active'] as const;
const PATH_VALUES = [...HOSTILE_NUMBERS, '%FF', '%00', '%C0%AF', '%ED%A0%80', '%E6%97%A5%E6%9C%AC', "%27%3B%20DROP%20TABLE%20jobs%3B%20--", '%25', '_', '%2F'] as const;
const QUERY_VALUES = ['1e400', '-1e400', '18446744073709551616', '-0', '-1', '1.5', 'NaN', '', '%FF', '%00', '%27%3B--', '%25', '_'] as const;
const MALFORMED = ['{', '{"name":"x",}', "{'name':'x'}", 'NaN', '"just a string"', 'null', '[]', '\ufeff{}', '{"a":1}//'] as const;

let counter = 0;

export const edgeCases = (route: Route, lab: FuzzLab): EdgeCase[] => {
  const method = route.method.toUpperCase();
  const template = spellings(route)[0]!;
  const path = withLab(concretePath(template, '@@project@@', '@@client@@'), lab).replace(/\/(\d+)\/jobs\/\d+$/, `/$1/jobs/${lab.jobIds[0]}`);
  const at = (target: string, body?: Buffer, contentType: string | null = 'application/json'): RawRequest => ({
    method,
    target: Buffer.from(target, 'latin1'),
    headers: contentType === null ? {} : { 'content-type': contentType },
    ...(body !== undefined ? { body } : {}),
  });
  const cases: EdgeCase[] = [];
  const bodyCase = (label: string, body: Buffer | string, contentType: string | null = 'application/json', expected?: number) =>
    cases.push({ label, request: at(path, typeof body === 'string' ? Buffer.from(withLab(body, lab), 'utf8') : body, contentType), ...(expected !== undefined ? { expected } : {}) });

  // Path parameters, one at a time, the others aimed at the lab.
  for (const name of pathParams(template)) {
    for (const value of PATH_VALUES) {
      const target = template.replace(/\{(\w+)\}/g, (_, param: string) => (param === name ? value : isIntegerParam(param) ? String(lab.projectId) : encodeURIComponent(lab.clientId)));
      cases.push({ label: `path ${name}=${value}`, request: at(target) });
    }
    cases.push({ label: `path ${name} raw bytes`, request: { method, target: Buffer.concat([Buffer.from(template.replace(/\{\w+\}.*$/, ''), 'latin1'), Buffer.from([0xff, 0xfe])]) } });
  }
  // Query parameters on routes that read a query; the others ignore it, which is checked by the sampling fuzzer.
  if (route.query) {
    for (const key of QUERY_KEYS) for (const value of QUERY_VALUES) cases.push({ label: `query ${key}=${value}`, request: at(`${path}?${key}=${key === 'wait' && value === '-0' ? '0' : value}`) });
  }
  // Bodies.
  if (method === 'POST' || method === 'PUT') {
    const base = plausibleFields(lab, ++counter);
    for (const field of NUMBER_FIELDS) for (const number of ['1e400', '-1e400', '18446744073709551616', '-0', '9007199254740993', '1.5']) {
      bodyCase(`body ${field}=${number}`, objectText({ ...plausibleFields(lab, ++counter), [field]: number }));
    }
    bodyCase('body parameters with huge numbers', objectText({ ...plausibleFields(lab, ++counter), parameters: '{"big":18446744073709551616,"inf":1e400,"neg":-0}' }));
    for (const bytes of INVALID_UTF8) {
      const text = Buffer.from(objectText({ ...plausibleFields(lab, ++counter), description: '"INVALID"' }), 'utf8');
      const index = text.indexOf('INVALID');
      bodyCase(`body with invalid UTF-8 ${Buffer.from(bytes).toString('hex')}`, Buffer.concat([text.subarray(0, index), Buffer.from(bytes), text.subarray(index + 7)]));
    }
    const expectDeep = route.body ? 400 : undefined;
    for (const kind of ['array', 'object'] as const) for (const where of ['bare', 'parameters'] as const) {
      bodyCase(`body ${kind} 10,000 levels deep (${where})`, deeplyNestedText(10_000, kind, where), 'application/json', expectDeep);
      bodyCase(`body ${kind} 513 levels deep (${where})`, deeplyNestedText(513, kind, where), 'application/json', expectDeep);
    }
    bodyCase('body of 10 MB', Buffer.concat([Buffer.from('{"name":"'), Buffer.alloc(TEN_MB, 'x'), Buffer.from('"}')]), 'application/json', 413);
    bodyCase('body of 10 MB without a content type', Buffer.alloc(TEN_MB, ' '), null, 413);
    bodyCase('empty body', '');
    for (const text of MALFORMED) bodyCase(`malformed body ${text}`, text);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/xml', null]) {
      bodyCase(`plausible body as ${type ?? 'no content type'}`, objectText(plausibleFields(lab, ++counter)), type);
    }
    bodyCase('form body as a form', 'name=x&project_id=1', 'application/x-www-form-urlencoded');
  } else {
    bodyCase('a 10 MB body on a route that reads none', Buffer.alloc(TEN_MB, ' '));
  }
  return cases;
};
