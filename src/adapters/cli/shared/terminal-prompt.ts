import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { CliContext } from '../cli-context.js';
import { CliFailure } from './cli-failure.js';
import { isTty } from './terminal.js';

/** Someone can answer: both stdin and stdout are a terminal (a script or a pipe never is asked). */
export const isInteractive = (context: Pick<CliContext, 'stdin' | 'stdout'>): boolean =>
  (context.stdin as Readable & { isTTY?: boolean }).isTTY === true && isTty(context.stdout as Writable);

/** Asks one question on the terminal and returns the line typed, trimmed; the end of input is a failure. */
export const askLine = async (context: Pick<CliContext, 'stdin' | 'stdout'>, question: string): Promise<string> => {
  const reader = createInterface({ input: context.stdin, output: context.stdout, terminal: true });
  const closed = new Promise<never>((_, reject) => reader.once('close', () => reject(new CliFailure('no answer (end of input)'))));
  try {
    return (await Promise.race([reader.question(question), closed])).trim();
  } finally {
    reader.close();
  }
};

/** `question [default]: `, with the default taken for an empty answer. */
export const askWithDefault = async (context: Pick<CliContext, 'stdin' | 'stdout'>, question: string, fallback: string | undefined): Promise<string> => {
  const answer = await askLine(context, fallback === undefined ? `${question}: ` : `${question} [${fallback}]: `);
  return answer === '' ? (fallback ?? '') : answer;
};

/** `question [y/N] `: true only for y or yes. */
export const askYesNo = async (context: Pick<CliContext, 'stdin' | 'stdout'>, question: string): Promise<boolean> =>
  /^y(es)?$/i.test(await askLine(context, `${question} [y/N] `));
