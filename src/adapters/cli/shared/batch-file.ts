import { isMap, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import type { BatchReference } from '../../client/client-inputs.js';
import { CliFailure } from './cli-failure.js';
import { exactJson } from './exact-yaml.js';

/** One job of a batch file, before its task name is looked up. */
export interface BatchFileJob {
  readonly name: string | null;
  readonly task: string;
  /** Exact JSON text of the parameters. */
  readonly parameters: string;
  readonly priority: number;
  readonly key: string | null;
  /** Existing job ids, keys of this file's jobs, or `{position}` of one. */
  readonly dependsOn: readonly BatchReference[];
  /** `depends` keys that are not job ids: job names, resolved by the server (in the batch, else in the project). */
  readonly dependsOnNames: readonly string[];
}

const KNOWN_KEYS = new Set(['name', 'task', 'parameters', 'params', 'priority', 'key', 'depends_on', 'depends']);

const fail = (where: string, message: string): never => {
  throw new CliFailure(`${where}: ${message}`);
};

const asInteger = (value: unknown, where: string): number => {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return fail(where, `expected an integer, got ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)}`);
  return n;
};

const reference = (value: unknown, where: string): BatchReference => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return asInteger(value, where);
  if (typeof value === 'object' && value !== null && 'position' in value) {
    const position = asInteger((value as { position: unknown }).position, `${where}.position`);
    if (position < 0) fail(`${where}.position`, 'must be >= 0');
    return { position };
  }
  return fail(where, 'expected a job id, the key of a job of this file, or {position: n}');
};

/** `depends_on` (ids, keys, positions) plus the original's `depends` (`{"<id>": "<name>"}` or a list of ids). */
const references = (plain: Record<string, unknown>, where: string): BatchReference[] => {
  const result: BatchReference[] = [];
  const dependsOn = plain['depends_on'];
  if (dependsOn !== undefined && dependsOn !== null) {
    const list = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
    list.forEach((item, i) => result.push(reference(item, `${where}.depends_on.${i}`)));
  }
  const depends = plain['depends'];
  if (depends !== undefined && depends !== null) {
    const ids = Array.isArray(depends) ? depends : typeof depends === 'object' ? Object.keys(depends).filter(isIdText) : fail(`${where}.depends`, 'expected a list of job ids');
    ids.forEach((id, i) => {
      const n = typeof id === 'string' && isIdText(id) ? Number(id) : id;
      result.push(asInteger(n, `${where}.depends.${i}`));
    });
  }
  return result;
};

const isIdText = (key: string): boolean => /^\d+$/.test(key);

/** The original docs' form, `depends: {train-v1: "0"}`: keys that are not ids are job names. */
const dependencyNames = (plain: Record<string, unknown>): string[] => {
  const depends = plain['depends'];
  if (typeof depends !== 'object' || depends === null || Array.isArray(depends)) return [];
  return Object.keys(depends).filter((key) => !isIdText(key));
};

const optionalText = (value: unknown, where: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return fail(where, 'expected a string');
};

const jobOf = (node: Node | null, plain: unknown, doc: Document, where: string, defaultTask: string | null): BatchFileJob => {
  if (!isMap(node) || typeof plain !== 'object' || plain === null) return fail(where, 'expected a mapping with task, parameters, …');
  const record = plain as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) fail(where, `unknown key ${unknown.map((k) => `'${k}'`).join(', ')}`);
  const task = optionalText(record['task'], `${where}.task`) ?? defaultTask ?? fail(where, 'no task');
  const parametersKey = record['parameters'] !== undefined ? 'parameters' : 'params';
  const parametersNode = (node as YAMLMap).get(parametersKey, true) as Node | undefined;
  if (parametersNode !== undefined && parametersNode !== null && !isMap(parametersNode)) fail(`${where}.${parametersKey}`, 'expected a mapping');
  let parameters: string;
  try {
    parameters = parametersNode === undefined || parametersNode === null ? '{}' : exactJson(parametersNode, doc, `${where}.${parametersKey}`);
  } catch (error) {
    return fail(where, error instanceof Error ? error.message : String(error));
  }
  return {
    name: optionalText(record['name'], `${where}.name`),
    task,
    parameters,
    priority: record['priority'] === undefined || record['priority'] === null ? 0 : asInteger(record['priority'], `${where}.priority`),
    key: optionalText(record['key'], `${where}.key`),
    dependsOn: references(record, where),
    dependsOnNames: dependencyNames(record),
  };
};

/**
 * A batch file (YAML or JSON): a list of jobs, or a mapping with `jobs` (and an optional default
 * `task`). Each job: `task`, `name`, `parameters`, `priority`, `key`, `depends_on` (ids of existing
 * jobs, keys of jobs of the file, or `{position: n}`), `depends` (the original's `{"<id or name>": …}`).
 * Parameters keep their exact text.
 */
export const parseBatchFile = (source: string, path: string): BatchFileJob[] => {
  const doc = parseDocument(source, { intAsBigInt: true, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) fail(path, `not valid YAML or JSON (${problem.message.split('\n')[0]})`);
  const plain: unknown = doc.toJS();
  let listNode: Node | null = doc.contents as Node | null;
  let list: unknown = plain;
  let defaultTask: string | null = null;
  if (isMap(listNode) && typeof plain === 'object' && plain !== null && !Array.isArray(plain)) {
    const record = plain as Record<string, unknown>;
    defaultTask = optionalText(record['task'], `${path}: task`);
    listNode = (listNode as YAMLMap).get('jobs', true) as Node | null;
    list = record['jobs'];
  }
  if (!isSeq(listNode) || !Array.isArray(list)) return fail(path, 'expected a list of jobs (or a mapping with a jobs list)');
  const items = listNode.items as (Node | null)[];
  const jobs = items.map((item, i) => jobOf(item, list[i], doc, `${path}: jobs.${i}`, defaultTask));
  checkReferences(jobs, path);
  return jobs;
};

/** Keys are unique and every key or position a job depends on is a job of the file. */
export const checkReferences = (jobs: readonly BatchFileJob[], path: string): void => {
  const keys = new Set<string>();
  jobs.forEach((job, i) => {
    if (job.key === null) return;
    if (keys.has(job.key)) fail(path, `jobs.${i}: the key '${job.key}' is used twice`);
    keys.add(job.key);
  });
  jobs.forEach((job, i) =>
    job.dependsOn.forEach((ref, r) => {
      if (typeof ref === 'string' && !keys.has(ref)) fail(path, `jobs.${i}.depends_on.${r}: no job of the file has the key '${ref}'`);
      if (typeof ref === 'object' && ref.position >= jobs.length) fail(path, `jobs.${i}.depends_on.${r}: position ${ref.position} is past the last job (${jobs.length - 1})`);
    }),
  );
};
