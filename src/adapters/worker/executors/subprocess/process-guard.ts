/**
 * A small Node program that leads a job's process group: it runs the job's argv (no shell), exits
 * as the job exits (same code, same signal), and stops the whole group when its stdin — a pipe
 * from the worker — closes, so a worker killed with SIGKILL leaves no job running behind it.
 * Plain JavaScript run with `node -e`, so it needs no loader and no file on disk.
 *
 * argv: <kill grace ms> <executable> [args…]
 */
export const PROCESS_GUARD_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const [graceText, file, ...args] = process.argv.slice(1);
const grace = Number(graceText) || 0;
const group = process.pid;
const signalGroup = (signal) => { try { process.kill(-group, signal); } catch {} };
// Signals sent to the group are for the job: the guard outlives them to report how it ended.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
let child;
try {
  child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'] });
} catch (error) {
  process.stderr.write('whatsnext: cannot run ' + JSON.stringify(file) + ': ' + error.message + '\n');
  process.exit(127);
}
child.on('error', (error) => {
  process.stderr.write('whatsnext: cannot run ' + JSON.stringify(file) + ': ' + error.message + '\n');
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (signal === null) process.exit(code === null ? 1 : code);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
});
let orphaned = false;
const onWorkerGone = () => {
  if (orphaned) return;
  orphaned = true;
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), grace);
};
process.stdin.on('end', onWorkerGone);
process.stdin.on('error', onWorkerGone);
process.stdin.resume();
`;
