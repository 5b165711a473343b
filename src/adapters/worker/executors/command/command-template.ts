import * as E from 'fp-ts/lib/Either.js';

/**
 * Fills `{name}` placeholders of one template word with parameter values (`{{` and `}}` are
 * literal braces, as in Python's str.format). The result stays one argv element, whatever the
 * values contain.
 */
export const fillWord = (word: string, values: ReadonlyMap<string, string>): E.Either<string, string> => {
  let filled = '';
  for (let i = 0; i < word.length; i++) {
    const char = word[i]!;
    if ((char === '{' || char === '}') && word[i + 1] === char) {
      filled += char;
      i++;
    } else if (char === '{') {
      const end = word.indexOf('}', i + 1);
      if (end < 0) return E.left(`unclosed { in the command template word ${JSON.stringify(word)}`);
      const name = word.slice(i + 1, end);
      const value = values.get(name);
      if (value === undefined) return E.left(`the command template uses {${name}}, which the job's parameters do not have`);
      filled += value;
      i = end;
    } else if (char === '}') {
      return E.left(`a single } in the command template word ${JSON.stringify(word)} (write }} for a brace)`);
    } else {
      filled += char;
    }
  }
  return E.right(filled);
};
