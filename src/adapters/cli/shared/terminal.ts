import pc from 'picocolors';
import type { Writable } from 'node:stream';
import type { CliContext } from '../cli-context.js';

export type Colors = ReturnType<typeof pc.createColors>;

export const isTty = (stream: Writable): boolean => (stream as Writable & { isTTY?: boolean }).isTTY === true;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export const colorsFor = (context: Pick<CliContext, 'stdout' | 'env'>): Colors => {
  const noColor = context.env['NO_COLOR'];
  return pc.createColors(isTty(context.stdout) && (noColor === undefined || noColor === ''));
};

/** How a status reads at a glance. */
export const paintStatus = (colors: Colors, status: string): string => {
  switch (status.toUpperCase()) {
    case 'COMPLETED':
    case 'ACTIVE':
      return colors.green(status);
    case 'FAILED':
      return colors.red(status);
    case 'RUNNING':
      return colors.cyan(status);
    case 'QUEUED':
      return colors.blue(status);
    case 'PENDING':
      return colors.yellow(status);
    case 'BLOCKED':
      return colors.magenta(status);
    default:
      return colors.dim(status);
  }
};
