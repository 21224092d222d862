#!/usr/bin/env node
/** The `parley` executable. Everything happens in `runCli`; this file only wires the process. */
import { runCli } from './program.js';

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
