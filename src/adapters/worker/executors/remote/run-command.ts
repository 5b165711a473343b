import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin (e.g. a manifest for `kubectl apply -f -`). */
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs a cluster tool (sbatch, kubectl, runai) with an argv, never a shell; a missing binary throws. */
export const runCommand = (file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    child.once('error', (error) => reject(new Error(`cannot run ${file}: ${error.message}`)));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

/** The command's stdout when it succeeded; otherwise an error naming it and what it said. */
export const commandOutput = async (file: string, args: readonly string[], options: CommandOptions = {}): Promise<string> => {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
  return result.stdout;
};
