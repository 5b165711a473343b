import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(12).toString('hex');
const MARK = '\u2063';
const PLACEHOLDER = new RegExp(`"${MARK}wn-raw-${NONCE}-(\\d+)${MARK}"`, 'g');

/** The texts of the RawJson values met by the stringifyWithRaw call under way (JSON.stringify is synchronous). */
let collected: string[] | null = null;

/**
 * A stored JSON text (job parameters) to embed verbatim in a response: JavaScript numbers would
 * turn `1.0` into `1` and big integers into approximations, so the text is never re-parsed.
 */
export class RawJson {
  constructor(readonly text: string) {}

  /**
   * Inside stringifyWithRaw, a unique placeholder string that no client text can forge (a random
   * nonce), replaced by the text afterwards; elsewhere, the value the text holds. A `toJSON`
   * costs a call per RawJson only, where a replacer function cost one per key of the document.
   */
  toJSON(): unknown {
    if (collected === null) return JSON.parse(this.text);
    collected.push(this.text);
    return `${MARK}wn-raw-${NONCE}-${collected.length - 1}${MARK}`;
  }
}

/** JSON.stringify, with every RawJson inside spliced in as its text. */
export const stringifyWithRaw = (value: unknown): string => {
  const raws: string[] = [];
  const outer = collected;
  collected = raws;
  let json: string;
  try {
    json = JSON.stringify(value);
  } finally {
    collected = outer;
  }
  return raws.length === 0 ? json : json.replace(PLACEHOLDER, (match, index: string) => raws[Number(index)] ?? match);
};
