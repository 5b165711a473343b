import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real CLI on a real pseudo terminal (python3's `pty` module): stdin and stdout are a terminal,
 * as when someone types the command, and each answer is typed once its prompt has been printed.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'src/bin/whatsnext.ts');
const TSX = import.meta.resolve('tsx');

const DRIVER = String.raw`
import json, os, pty, re, select, sys, time
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execve(spec["argv"][0], spec["argv"], spec["env"])
output, mark, answered = b"", 0, 0
deadline = time.time() + spec["timeout"]
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
    text = output.decode("utf-8", "replace")
    while answered < len(spec["answers"]) and re.search(spec["answers"][answered]["prompt"], text[mark:]):
        os.write(fd, spec["answers"][answered]["type"].encode())
        answered, mark = answered + 1, len(text)
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": code, "output": output.decode("utf-8", "replace"), "answered": answered}))
`;

export interface Answer {
  /** A regular expression (Python syntax) the output after the previous answer must match. */
  readonly prompt: string;
  /** What is typed, e.g. `y\r`. */
  readonly type: string;
}

export interface PtyResult {
  readonly code: number;
  /** Everything the terminal showed (stdout, stderr and the echoed answers), with \r\n as \n. */
  readonly output: string;
  /** How many answers were typed. */
  readonly answered: number;
}

/** Runs `whatsnext …args` on a pseudo terminal, typing `answers` in turn. */
export const runCliOnPty = (args: readonly string[], options: { cwd: string; env?: Readonly<Record<string, string>>; answers?: readonly Answer[] }): Promise<PtyResult> => {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: options.cwd, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), TERM: 'dumb', NO_COLOR: '1', ...options.env };
  const spec = { argv: [process.execPath, '--import', TSX, BIN, ...args], cwd: options.cwd, env, answers: options.answers ?? [], timeout: 60 };
  return new Promise((resolvePromise, reject) => {
    const child = spawn('python3', ['-c', DRIVER, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the pty driver failed (${code}): ${stderr}`));
      const result = JSON.parse(stdout) as PtyResult;
      resolvePromise({ ...result, output: result.output.replace(/\r+\n/g, '\n') });
    });
  });
};
