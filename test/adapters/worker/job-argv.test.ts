import test from 'ava';
import * as E from 'fp-ts/lib/Either.js';
import { fillWord } from '../../../src/adapters/worker/executors/command/command-template.js';
import { jobArgv } from '../../../src/adapters/worker/executors/command/job-argv.js';
import { shellCommand, shellQuote } from '../../../src/adapters/worker/executors/command/shell-quote.js';
import { shellWords } from '../../../src/adapters/worker/executors/command/shell-words.js';
import { claimedJob } from '../../worker/executor-kit.js';

const right = <A>(result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right;
};

test('without a template, argv is executable [script] --key value in the parameters order (the CLIFormatter)', (t) => {
  const claimed = claimedJob(1, '{"lr": 1.0, "epochs": 10, "name": "run one", "10": true}');
  t.deepEqual(right(jobArgv(claimed, { executable: 'python', script: 'train.py' })), ['python', 'train.py', '--lr', '1.0', '--epochs', '10', '--name', 'run one', '--10', 'True']);
  t.deepEqual(right(jobArgv(claimed, { executable: 'python', script: null })).slice(0, 3), ['python', '--lr', '1.0']);
});

test('template words split like a shell: quotes, escapes, empty words; nothing is expanded', (t) => {
  t.deepEqual(right(shellWords(`a  'b c' "d \\"e\\" \\$f \\x" g\\ h '' $(rm -rf /) ;|& \`id\``)), [
    'a',
    'b c',
    'd "e" $f \\x',
    'g h',
    '',
    '$(rm',
    '-rf',
    '/)',
    ';|&',
    '`id`',
  ]);
  t.deepEqual(right(shellWords('one \\\n two')), ['one', 'two']);
  t.true(E.isLeft(shellWords(`echo 'unclosed`)));
  t.true(E.isLeft(shellWords(`echo "unclosed`)));
});

test('placeholders fill one word each; doubled braces are literal; unknown names and stray braces are refused', (t) => {
  const values = new Map([
    ['lr', '1.0'],
    ['text', 'a b; c'],
  ]);
  t.is(right(fillWord('--lr={lr}', values)), '--lr=1.0');
  t.is(right(fillWord('{text}', values)), 'a b; c');
  t.is(right(fillWord('{{lr}}', values)), '{lr}');
  t.true(E.isLeft(fillWord('{missing}', values)));
  t.true(E.isLeft(fillWord('{lr', values)));
  t.true(E.isLeft(fillWord('lr}', values)));
});

test('a template job gets the template words with values in place, never re-split', (t) => {
  const claimed = claimedJob(1, '{"data": "my file.csv", "lr": 2.50}', { commandTemplate: 'python "train it.py" --data {data} --lr={lr}' });
  t.deepEqual(right(jobArgv(claimed, { executable: 'unused', script: null })), ['python', 'train it.py', '--data', 'my file.csv', '--lr=2.5']);
});

test('shell quoting leaves plain words alone and wraps the rest in single quotes', (t) => {
  t.is(shellQuote('train.py'), 'train.py');
  t.is(shellQuote(''), "''");
  t.is(shellQuote("it's $(x)"), `'it'\\''s $(x)'`);
  t.is(shellCommand(['echo', 'a b', ';']), "echo 'a b' ';'");
});
