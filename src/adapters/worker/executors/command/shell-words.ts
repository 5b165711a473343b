import * as E from 'fp-ts/lib/Either.js';

/**
 * Splits a command template into words as a POSIX shell would — blanks separate, '…' is literal,
 * "…" and \ escape — but expands nothing and runs nothing: `$(…)`, `;`, `|` stay plain text.
 */
export const shellWords = (template: string): E.Either<string, string[]> => {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === "'") {
      const end = template.indexOf("'", i + 1);
      if (end < 0) return E.left(`unclosed ' in the command template: ${template}`);
      word += template.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < template.length && template[j] !== '"'; j++) {
        // Inside "…" a backslash escapes only what the shell would let it escape.
        if (template[j] === '\\' && j + 1 < template.length && '"\\$`\n'.includes(template[j + 1]!)) j++;
        if (!(template[j] === '\n' && template[j - 1] === '\\')) word += template[j];
      }
      if (j >= template.length) return E.left(`unclosed " in the command template: ${template}`);
      inWord = true;
      i = j;
    } else if (char === '\\') {
      // A backslash-newline joins lines; any other escaped character is kept as is.
      if (i + 1 < template.length && template[i + 1] !== '\n') {
        word += template[i + 1];
        inWord = true;
      }
      i++;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return E.right(words);
};
