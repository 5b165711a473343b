import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

const numberText = (value: number | bigint, source: string | undefined, where: string): string => {
  if (typeof value === 'bigint') return value.toString();
  const written = source?.trim();
  if (written !== undefined && JSON_NUMBER.test(written)) return written;
  if (!Number.isFinite(value)) throw new Error(`${where}: ${written ?? value} is not a JSON number`);
  return String(value);
};

/**
 * The compact JSON text of a YAML (or JSON) node with what JavaScript values lose kept: key
 * order and numbers as written (`1.0` stays `1.0`, big integers stay exact). Parse with
 * `intAsBigInt` so integers beyond 2^53 arrive whole.
 */
export const exactJson = (node: Node | null | undefined, doc: Document, where: string): string => {
  if (node === null || node === undefined) return 'null';
  if (isAlias(node)) return exactJson(node.resolve(doc) ?? null, doc, where);
  if (isMap(node)) {
    const members = new Map<string, string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (key !== null && typeof key === 'object') throw new Error(`${where}: a key must be a plain value`);
      members.set(String(key), exactJson(pair.value as Node | null, doc, `${where}.${String(key)}`));
    }
    return `{${[...members].map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
  }
  if (isSeq(node)) return `[${node.items.map((item, i) => exactJson(item as Node | null, doc, `${where}.${i}`)).join(',')}]`;
  if (isScalar(node)) {
    const { value } = node;
    if (typeof value === 'number' || typeof value === 'bigint') return numberText(value, node.source, where);
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value === null || value === undefined) return 'null';
    throw new Error(`${where}: ${String(value)} has no JSON form`);
  }
  throw new Error(`${where}: unsupported YAML node`);
};
