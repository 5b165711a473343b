import jsonc from 'jsonc-parser';

/** A JSON value as a tree that keeps what JavaScript values lose: key order and number literals. */
type ExactNode = jsonc.Node;

const STRICT: jsonc.ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** Parses strictly; null when the text is not one valid JSON value. */
export const parseExact = (text: string): ExactNode | null => {
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, STRICT);
  return errors.length === 0 && tree !== undefined ? tree : null;
};

/** The node at `path` (object keys and array indices), if any. */
export const nodeAt = (tree: ExactNode, path: readonly (string | number)[]): ExactNode | undefined => jsonc.findNodeAtLocation(tree, [...path]);

/**
 * Compact JSON text of a node: keys in their original order (a later duplicate key takes the
 * first one's place, as Python's json does), numbers exactly as written (`1.0`, `2**60`).
 */
export const compactText = (node: ExactNode, source: string): string => {
  switch (node.type) {
    case 'object': {
      const members = new Map<string, string>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) members.set(String(key.value), compactText(value, source));
      }
      return `{${[...members].map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
    }
    case 'array':
      return `[${(node.children ?? []).map((child) => compactText(child, source)).join(',')}]`;
    case 'number':
      return source.slice(node.offset, node.offset + node.length);
    case 'string':
      return JSON.stringify(node.value);
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'property':
      throw new Error('a property node is not a value');
  }
};

const isIntegerLiteral = (literal: string): boolean => !/[.eE]/.test(literal);

/** Members of an object node in order, a later duplicate key replacing the earlier value in place. */
const membersOf = (node: ExactNode): [string, ExactNode][] => {
  const members = new Map<string, ExactNode>();
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) members.set(String(key.value), value);
  }
  return [...members];
};

const sameNode = (a: ExactNode, aText: string, b: ExactNode, bText: string): boolean => {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'object': {
      const left = membersOf(a);
      const right = membersOf(b);
      return left.length === right.length && left.every(([key, value], i) => key === right[i]![0] && sameNode(value, aText, right[i]![1], bText));
    }
    case 'array': {
      const left = a.children ?? [];
      const right = b.children ?? [];
      return left.length === right.length && left.every((child, i) => sameNode(child, aText, right[i]!, bText));
    }
    case 'number': {
      const left = aText.slice(a.offset, a.offset + a.length);
      const right = bText.slice(b.offset, b.offset + b.length);
      // An integer and a float differ (Python prints 1 and 1.0); within a kind, the value decides.
      if (isIntegerLiteral(left) !== isIntegerLiteral(right)) return false;
      return isIntegerLiteral(left) ? BigInt(left) === BigInt(right) : Number(left) === Number(right);
    }
    default:
      return a.value === b.value;
  }
};

/**
 * Whether two JSON texts hold the same value as Python's json would read them: same keys in the
 * same order, integers equal, floats equal however they are spelled (`1e-7`, `1e-07`), strings
 * equal whatever their escapes. Invalid JSON is never the same as anything.
 */
export const sameJsonValue = (a: string, b: string): boolean => {
  if (a === b) return true;
  const left = parseExact(a);
  const right = parseExact(b);
  return left !== null && right !== null && sameNode(left, a, right, b);
};
