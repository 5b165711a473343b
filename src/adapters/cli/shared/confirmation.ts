import type { CliContext } from '../cli-context.js';
import { CliFailure, usageError } from './cli-failure.js';
import { askYesNo, isInteractive } from './terminal-prompt.js';

/**
 * What a deleting command does before it deletes: nothing with `--force`; on a terminal, asks
 * "… [y/N]" and goes on only on y or yes (as the original CLI does); elsewhere (a script, a pipe)
 * it is a usage error asking for `--force`, so that nothing is deleted by accident.
 */
export const confirmDeletion = async (context: Pick<CliContext, 'stdin' | 'stdout'>, force: boolean, what: string): Promise<void> => {
  if (force) return;
  if (!isInteractive(context)) throw usageError(`${what} cannot be undone: add --force to do it`);
  if (!(await askYesNo(context, `${what[0]!.toUpperCase()}${what.slice(1)} cannot be undone. Go on?`))) throw new CliFailure('aborted: nothing was changed');
};
