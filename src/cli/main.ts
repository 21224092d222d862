#!/usr/bin/env node
/** The `parley` executable. Everything happens in `runCli`; this file only wires the process. */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './program.js';

// V8 optimises a function with TurboFan once it has run through 66 KB of bytecode budget
// (`--interrupt-budget`, default 67584). A command is a short run: reading the 98 KB scenario
// with js-yaml and a forecast made V8 optimise (and deoptimise and re-optimise) dozens of
// functions on its background threads, CPU the command paid for and never got back. A 15×
// budget leaves only the really hot code to TurboFan: `parley forecast --model compromise`
// 0.179 → 0.142 s of CPU, every model 0.757 → 0.478 s, a 300-draw sweep 6.28 → 5.29 s (issue 22
// §1, docs/performance.md). Only when and how soon code is optimised changes, not what it
// computes. Set here, for the executable and its worker threads (V8's flags are the process's),
// not for the library.
setFlagsFromString('--interrupt-budget=1000000');

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  });
} catch (error) {
  // A bug of ours, not bad input: say so in one line; the stack only on request.
  process.stderr.write(`parley: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('please report it with the command you ran (set PARLEY_DEBUG=1 for details)\n');
  if (process.env.PARLEY_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 3;
}
