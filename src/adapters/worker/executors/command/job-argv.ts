import * as E from 'fp-ts/lib/Either.js';
import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { fillWord } from './command-template.js';
import { parameterValues } from './parameter-values.js';
import { shellWords } from './shell-words.js';

/** How a job without a command template is run: `executable [script] --key value …`. */
export interface CommandStyle {
  readonly executable: string;
  readonly script: string | null;
}

/** The original CLIFormatter's command line: each parameter as `--key str(value)`, in the parameters' order. */
const formatterArgv = (values: ReadonlyMap<string, string>, style: CommandStyle): string[] => [
  style.executable,
  ...(style.script === null ? [] : [style.script]),
  ...[...values].flatMap(([key, value]) => [`--${key}`, value]),
];

const templateArgv = (template: string, values: ReadonlyMap<string, string>): E.Either<string, string[]> => {
  const words = shellWords(template);
  if (E.isLeft(words)) return words;
  if (words.right.length === 0) return E.left('the command template is empty');
  const argv: string[] = [];
  for (const word of words.right) {
    const filled = fillWord(word, values);
    if (E.isLeft(filled)) return filled;
    argv.push(filled.right);
  }
  return E.right(argv);
};

/**
 * The argv a job runs: its task's command template filled in with the parameters, else the
 * CLIFormatter form. Left with the reason when it cannot be built (the job then fails).
 */
export const jobArgv = ({ job, task }: ClaimedJob, style: CommandStyle): E.Either<string, string[]> => {
  const values = parameterValues(job.parameters);
  if (E.isLeft(values)) return values;
  return task.commandTemplate === null || task.commandTemplate.trim() === ''
    ? E.right(formatterArgv(values.right, style))
    : templateArgv(task.commandTemplate, values.right);
};
