import type jsonc from 'jsonc-parser';

/**
 * Python's `str()` of a JSON value as `json.loads` gives it: what the original WhatsNext
 * CLIFormatter puts on a command line. Read from the exact JSON tree, so `1.0` stays `1.0` and
 * integers beyond 2^53 stay exact (JavaScript numbers would lose both).
 */
export const pythonStr = (node: jsonc.Node, source: string): string => (node.type === 'string' ? String(node.value) : pythonRepr(node, source));

/** Object members as a Python dict holds them: a repeated key keeps its first place and its last value. */
export const members = (node: jsonc.Node): Map<string, jsonc.Node> => {
  const result = new Map<string, jsonc.Node>();
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) result.set(String(key.value), value);
  }
  return result;
};

const pythonRepr = (node: jsonc.Node, source: string): string => {
  switch (node.type) {
    case 'string':
      return reprString(String(node.value));
    case 'number':
      return numberText(source.slice(node.offset, node.offset + node.length));
    case 'boolean':
      return node.value ? 'True' : 'False';
    case 'null':
      return 'None';
    case 'array':
      return `[${(node.children ?? []).map((child) => pythonRepr(child, source)).join(', ')}]`;
    case 'object':
      return `{${[...members(node)].map(([key, value]) => `${reprString(key)}: ${pythonRepr(value, source)}`).join(', ')}}`;
    case 'property':
      throw new Error('a property node is not a value');
  }
};

/** A JSON number literal as Python prints it: an int when it has no fraction or exponent. */
const numberText = (literal: string): string => (/[.eE]/.test(literal) ? floatRepr(Number(literal)) : BigInt(literal).toString());

/** Python's `repr(float)`: the shortest round-trip digits, positional for 1e-4 <= |x| < 1e16. */
export const floatRepr = (x: number): string => {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa = '', exponentText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const point = exponent + 1; // digits are 0.d1d2… × 10^point
  if (point <= -4 || point > 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
};

/** Python's non-printable characters: controls, format, surrogates, private use, unassigned, separators but space. */
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0');

/** Python's `repr(str)`: single quotes unless the text has one and no double quote. */
export const reprString = (text: string): string => {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') body += `\\${char}`;
    else if (char === '\t') body += '\\t';
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (code < 0x20 || code === 0x7f) body += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || char === ' ' || !NON_PRINTABLE.test(char)) body += char;
    else if (code <= 0xff) body += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) body += `\\u${hex(code, 4)}`;
    else body += `\\U${hex(code, 8)}`;
  }
  return `${quote}${body}${quote}`;
};
