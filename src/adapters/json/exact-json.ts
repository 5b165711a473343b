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
