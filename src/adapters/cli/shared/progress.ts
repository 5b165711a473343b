import cliProgress from 'cli-progress';
import type { CliContext } from '../cli-context.js';
import { isTty } from './terminal.js';

export interface Progress {
  advance(count: number): void;
  stop(): void;
}

/** Below this many jobs an operation is quick enough to need no bar. */
export const PROGRESS_THRESHOLD = 1_000;

/** A progress bar on stderr for long operations, only on a terminal. */
export const startProgress = (context: Pick<CliContext, 'stderr'>, total: number, label: string): Progress => {
  if (total < PROGRESS_THRESHOLD || !isTty(context.stderr)) return { advance: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta}s`, stream: context.stderr as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { advance: (count) => bar.increment(count), stop: () => bar.stop() };
};
