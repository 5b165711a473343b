import * as E from 'fp-ts/lib/Either.js';
import { mkdir, open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Executor, Outcome, RunContext } from '../../../../application/ports/executor.port.js';
import type { ClaimedJob } from '../../../../application/ports/job-source.port.js';
import { shellCommand } from '../command/shell-quote.js';
import { jobArgv, type CommandStyle } from '../command/job-argv.js';
import { jobEnvironment, type JobEnvironmentOptions } from '../job-environment.js';
import { readLogTail } from '../log-tail.js';
import { failed, succeeded } from '../outcomes.js';
import { spawnGuarded, type ProcessEnd } from './guarded-process.js';

export interface SubprocessSettings extends CommandStyle, JobEnvironmentOptions {
  /** Where each job's output goes, one `job-<id>.log` per job. */
  readonly logDir: string;
  /** The jobs' working directory. */
  readonly workdir: string;
  /** After SIGTERM, a job's processes get this long before SIGKILL. */
  readonly killGraceMs: number;
}

export const logPathOf = (logDir: string, jobId: number): string => join(logDir, `job-${jobId}.log`);

const describeEnd = ({ code, signal }: ProcessEnd): string => (signal !== null ? `killed by ${signal}` : `exited with code ${code}`);

/**
 * Runs each job as a local process: its argv from the task's template or the parameters, its own
 * accelerators, its output in a log file. Stopping it stops its whole process group.
 */
export class SubprocessExecutor implements Executor {
  constructor(private readonly settings: SubprocessSettings) {}

  async run(claimed: ClaimedJob, context: RunContext): Promise<Outcome> {
    const argv = jobArgv(claimed, this.settings);
    if (E.isLeft(argv)) return failed(argv.left);
    if (context.stop.aborted) return failed('stopped before it started');
    await mkdir(this.settings.logDir, { recursive: true });
    const logPath = logPathOf(this.settings.logDir, claimed.job.id);
    const log = await open(logPath, 'a');
    let end: ProcessEnd;
    try {
      await log.write(`[whatsnext] job ${claimed.job.id} on ${hostname()} at ${new Date().toISOString()}: ${shellCommand(argv.right)}\n`);
      const child = spawnGuarded(argv.right, {
        cwd: this.settings.workdir,
        env: jobEnvironment(process.env, claimed, context.acceleratorIndices, this.settings),
        logFd: log.fd,
        killGraceMs: this.settings.killGraceMs,
      });
      const stop = () => child.stop();
      context.stop.addEventListener('abort', stop, { once: true });
      if (context.stop.aborted) stop();
      try {
        end = await child.ended;
      } catch (error) {
        // The guard itself could not start: most often a missing working directory.
        return failed(`cannot start the job in ${this.settings.workdir}: ${(error as Error).message}`);
      } finally {
        context.stop.removeEventListener('abort', stop);
      }
    } finally {
      await log.close();
    }
    const logTail = await readLogTail(logPath);
    return end.code === 0 && end.signal === null ? succeeded(logTail) : failed(describeEnd(end), end.code, logTail);
  }
}
