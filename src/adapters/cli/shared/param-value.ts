import { compactText, parseExact } from '../../json/exact-json.js';
import { usageError } from './cli-failure.js';

/** A parameter value typed from the command line: its exact JSON text and how job names show it. */
export interface ParamValue {
  readonly json: string;
  readonly label: string;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const PYTHON_INT = /^[+-]?\d+(_\d+)*$/;
const PYTHON_FLOAT = /^[+-]?(\d+(_\d+)*)?\.(\d+(_\d+)*)?([eE][+-]?\d+)?$/;

/** A float's JSON text as Python writes it: always with a fraction or an exponent (`1.0`, never `1`). */
const floatText = (value: number): string => {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
};

/**
 * Types a value as the original CLI: containing "." → float, else int, else true/false → bool,
 * else string. A float written as valid JSON keeps its exact text (`1.0`, `0.10`); integers of
 * any size stay exact.
 */
export const typeParamValue = (text: string): ParamValue => {
  const trimmed = text.trim();
  if (trimmed.includes('.')) {
    if (JSON_NUMBER.test(trimmed)) return { json: trimmed, label: trimmed };
    if (PYTHON_FLOAT.test(trimmed) && /\d/.test(trimmed)) {
      const value = Number(trimmed.replace(/_/g, ''));
      if (Number.isFinite(value)) return { json: floatText(value), label: trimmed };
    }
  } else if (PYTHON_INT.test(trimmed)) {
    const json = BigInt(trimmed.replace(/_/g, '')).toString();
    return { json, label: trimmed };
  } else if (/^(true|false)$/i.test(trimmed)) {
    const json = trimmed.toLowerCase();
    return { json, label: json };
  }
  return { json: JSON.stringify(text), label: text };
};

export type ParamEntries = readonly (readonly [string, ParamValue])[];

/** Splits `key=value` at the first `=`; a bad pair is a usage error naming the option. */
export const splitAssignment = (pair: string, option: string): [string, string] => {
  const at = pair.indexOf('=');
  if (at <= 0) throw usageError(`${option} expects key=value, got '${pair}'`);
  const key = pair.slice(0, at).trim();
  if (key === '') throw usageError(`${option} expects key=value, got '${pair}'`);
  return [key, pair.slice(at + 1)];
};

/** `--param k=v …` as ordered entries; a repeated key keeps its first place and takes the last value. */
export const parseParams = (pairs: readonly string[]): ParamEntries => {
  const entries = new Map<string, ParamValue>();
  for (const pair of pairs) {
    const [key, value] = splitAssignment(pair, '--param');
    entries.set(key, typeParamValue(value));
  }
  return [...entries];
};

/** The exact JSON object text of the entries, in their order. */
export const paramsJson = (entries: ParamEntries): string =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value.json}`).join(',')}}`;

/** A readable job name: the task, then `key=value` for each parameter (`train lr=0.1 seed=3`). */
export const jobName = (task: string, entries: ParamEntries): string =>
  [task, ...entries.map(([key, value]) => `${key}=${value.label}`)].join(' ');

/** The entries of an exact JSON object text (strings shown bare, other values as their JSON). */
export const entriesOfJson = (json: string): ParamEntries => {
  const tree = parseExact(json);
  if (tree === null || tree.type !== 'object') return [];
  return (tree.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    if (!key || !value) return [];
    const text = compactText(value, json);
    return [[String(key.value), { json: text, label: value.type === 'string' ? String(value.value) : text }] as const];
  });
};
