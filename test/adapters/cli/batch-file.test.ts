import test from 'ava';
import { chunkBatch } from '../../../src/adapters/cli/shared/batch-chunks.js';
import { parseBatchFile } from '../../../src/adapters/cli/shared/batch-file.js';

test('a YAML DAG: keys, ids, positions, exact parameters, defaults', (t) => {
  const jobs = parseBatchFile(
    [
      '- {key: prep, task: prepare, parameters: {dataset: cifar10, lr: 1.0, big: 1152921504606846977}}',
      '- {key: a, task: train, parameters: {lr: 0.10}, depends_on: [prep, 7], priority: 5, name: first}',
      '- {task: evaluate, depends_on: [a, {position: 0}]}',
    ].join('\n'),
    'dag.yaml',
  );
  t.deepEqual(jobs, [
    { name: null, task: 'prepare', parameters: '{"dataset":"cifar10","lr":1.0,"big":1152921504606846977}', priority: 0, key: 'prep', dependsOn: [], dependsOnNames: [] },
    { name: 'first', task: 'train', parameters: '{"lr":0.10}', priority: 5, key: 'a', dependsOn: ['prep', 7], dependsOnNames: [] },
    { name: null, task: 'evaluate', parameters: '{}', priority: 0, key: null, dependsOn: ['a', { position: 0 }], dependsOnNames: [] },
  ]);
});

test('JSON works too, as does a mapping with jobs and a default task, and the original depends map', (t) => {
  const jobs = parseBatchFile('{"task": "train", "jobs": [{"parameters": {"x": 1.0}}, {"task": "eval", "depends": {"12": "old"}}]}', 'b.json');
  t.deepEqual(jobs.map((j) => [j.task, j.parameters, j.dependsOn]), [
    ['train', '{"x":1.0}', []],
    ['eval', '{}', [12]],
  ]);
});

test("the original docs' form: depends keys that are not ids are job names, left to the server to resolve", (t) => {
  const jobs = parseBatchFile(
    ['- {name: train-v1, task: train}', '- {name: eval-v1, task: eval, depends: {train-v1: "0", 12: old, baseline: "1"}}'].join('\n'),
    'docs.yaml',
  );
  t.deepEqual(jobs.map((j) => [j.name, j.dependsOn, j.dependsOnNames]), [
    ['train-v1', [], []],
    ['eval-v1', [12], ['train-v1', 'baseline']],
  ]);
});

test('mistakes in the file name the file and the job', (t) => {
  t.throws(() => parseBatchFile('- {task: a, depends_on: [nope]}', 'f.yaml'), { message: "f.yaml: jobs.0.depends_on.0: no job of the file has the key 'nope'" });
  t.throws(() => parseBatchFile('- {task: a, key: k}\n- {task: b, key: k}', 'f.yaml'), { message: "f.yaml: jobs.1: the key 'k' is used twice" });
  t.throws(() => parseBatchFile('- {task: a, depends_on: [{position: 3}]}', 'f.yaml'), { message: /position 3 is past the last job/ });
  t.throws(() => parseBatchFile('- {parameters: {}}', 'f.yaml'), { message: 'f.yaml: jobs.0: no task' });
  t.throws(() => parseBatchFile('- {task: a, parameters: [1]}', 'f.yaml'), { message: /jobs\.0\.parameters: expected a mapping/ });
  t.throws(() => parseBatchFile('- {task: a, colour: red}', 'f.yaml'), { message: /unknown key 'colour'/ });
  t.throws(() => parseBatchFile('a: [1', 'f.yaml'), { message: /f\.yaml: not valid YAML or JSON/ });
  t.throws(() => parseBatchFile('just text', 'f.yaml'), { message: /expected a list of jobs/ });
  t.throws(() => parseBatchFile('- {task: a, priority: high}', 'f.yaml'), { message: /jobs\.0\.priority: expected an integer/ });
});

test('chunks: small batches stay whole; large ones split without cutting a DAG, positions renumbered', (t) => {
  const jobs = [
    { name: 'a', key: 'a' },
    { name: 'x' },
    { name: 'b', depends_on: ['a'] },
    { name: 'y' },
    { name: 'c', depends_on: [{ position: 2 }] },
    { name: 'z', depends_on: [99] },
  ];
  t.is(chunkBatch(jobs, 6).length, 1);
  const chunks = chunkBatch(jobs, 3);
  t.deepEqual(chunks.map((c) => c.origins), [[0, 2, 4], [1, 3, 5]]);
  t.deepEqual(chunks[0]!.jobs[2], { name: 'c', depends_on: [{ position: 1 }] });
  t.deepEqual(chunks[1]!.jobs[2], { name: 'z', depends_on: [99] });
  const oversized = chunkBatch(jobs, 2);
  t.deepEqual(oversized.map((c) => c.origins), [[0, 2, 4], [1, 3], [5]]);
});
