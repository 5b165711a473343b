/** One word for a POSIX shell, taken literally: plain words as they are, anything else in '…'. */
export const shellQuote = (word: string): string => (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** A whole argv as one shell command line that runs exactly that argv. */
export const shellCommand = (argv: readonly string[]): string => argv.map(shellQuote).join(' ');
