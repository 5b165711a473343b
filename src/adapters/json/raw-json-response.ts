import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(12).toString('hex');
const MARK = '\u2063';
const PLACEHOLDER = new RegExp(`"${MARK}wn-raw-${NONCE}-(\\d+)${MARK}"`, 'g');

/**
 * A stored JSON text (job parameters) to embed verbatim in a response: JavaScript numbers would
 * turn `1.0` into `1` and big integers into approximations, so the text is never re-parsed.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * JSON.stringify, with every RawJson inside spliced in as its text: each travels through
 * JSON.stringify as a unique placeholder string that no client text can forge (a random nonce).
 */
export const stringifyWithRaw = (value: unknown): string => {
  const raws: string[] = [];
  const json = JSON.stringify(value, (_key, inner: unknown) => {
    if (!(inner instanceof RawJson)) return inner;
    raws.push(inner.text);
    return `${MARK}wn-raw-${NONCE}-${raws.length - 1}${MARK}`;
  });
  return raws.length === 0 ? json : json.replace(PLACEHOLDER, (match, index: string) => raws[Number(index)] ?? match);
};
