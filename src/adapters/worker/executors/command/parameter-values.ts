import * as E from 'fp-ts/lib/Either.js';
import { parseExact } from '../../../json/exact-json.js';
import { members, pythonStr } from './python-str.js';

/**
 * A job's parameters as command-line values, in their key order, each printed as Python's
 * `str()` would. Read from the exact JSON text (never JSON.parse: it moves integer-like keys
 * first and turns `1.0` into `1`).
 */
export const parameterValues = (parametersText: string): E.Either<string, ReadonlyMap<string, string>> => {
  const tree = parseExact(parametersText);
  if (tree === null || tree.type !== 'object') return E.left(`the job's parameters are not a JSON object: ${parametersText.slice(0, 200)}`);
  const values = new Map<string, string>();
  for (const [key, node] of members(tree)) values.set(key, pythonStr(node, parametersText));
  return E.right(values);
};
