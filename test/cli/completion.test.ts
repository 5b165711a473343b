import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { runCli, tempDir } from './cli-harness.js';

/** `whatsnext completion bash|zsh`: scripts the shells accept, completing command paths and options. */

const shell = (program: string, script: string) => spawnSync(program, program === 'zsh' ? ['-f', '-c', script] : ['--norc', '-c', script], { encoding: 'utf8' });
const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;

const scriptFile = async (which: string): Promise<string> => {
  const result = await runCli(['completion', which]);
  if (result.code !== 0) throw new Error(result.stderr);
  const path = join(await tempDir('wn-completion-'), `whatsnext.${which}`);
  await writeFile(path, result.stdout);
  return path;
};

test('bash accepts the script and completes commands, subcommands and options', async (t) => {
  const path = await scriptFile('bash');
  const registered = shell('bash', `source ${path} && complete -p whatsnext`);
  t.is(registered.status, 0, registered.stderr);
  t.is(registered.stdout.trim(), 'complete -o default -F _whatsnext whatsnext');
  t.is(shell('bash', `source ${path} && complete -p wnxt`).stdout.trim(), 'complete -o default -F _whatsnext wnxt');
  const complete = (...words: string[]) => {
    const line = `source ${path}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _whatsnext; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = shell('bash', line);
    t.is(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(Boolean);
  };
  t.deepEqual(complete('whatsnext', 'jo'), ['jobs']);
  t.deepEqual(complete('whatsnext', 'db', 'st'), ['stamp', 'status']);
  t.deepEqual(complete('whatsnext', 'jobs', 'add', 'train', '--dep'), ['--depends']);
  t.deepEqual(complete('whatsnext', 'worker', '--accel'), ['--accel', '--accelerator-env', '--accelerators']);
  t.true(complete('whatsnext', '--ver').includes('--version'));
  t.deepEqual(complete('whatsnext', 'jobs', 'add', 'tr'), [], 'a positional falls back to file names');
});

test('zsh accepts the script and completes commands and options', async (t) => {
  const path = await scriptFile('zsh');
  t.true(hasZsh, 'zsh must be installed to check its completion (.ci/run installs it)');
  t.is(shell('zsh', `zsh -n ${path}`).status, 0);
  // compadd filters by the word typed; this stand-in does the same, outside a completion widget.
  const complete = (...words: string[]) => {
    const line = `compdef() { print -r -- "compdef $*" }; _files() { print files }; compadd() { shift; local c; for c in "$@"; do if [[ $c == "\${words[CURRENT]}"* ]]; then print -r -- $c; fi; done }
source ${path}
words=(${words.join(' ')}); CURRENT=${words.length}; _whatsnext`;
    const result = shell('zsh', line);
    t.is(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(Boolean);
  };
  t.deepEqual(complete('whatsnext', 'jo'), ['compdef _whatsnext whatsnext wnxt', 'jobs']);
  t.deepEqual(complete('whatsnext', 'queue', 'c').slice(1), ['clear']);
  t.deepEqual(complete('whatsnext', 'jobs', 'add', 'train', '-d').slice(1), ['-d']);
  t.deepEqual(complete('whatsnext', 'jobs', 'add', 'tr').slice(1), ['files']);
});

test('completion of another shell is a usage error', async (t) => {
  const result = await runCli(['completion', 'fish']);
  t.is(result.code, 2);
  t.regex(result.stderr, /expected one of bash, zsh \(got "fish"\)/);
});
