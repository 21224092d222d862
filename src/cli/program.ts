/**
 * The `parley` command line: parses flags and calls the library. Each command lives in
 * `commands/`; this file assembles them and turns outcomes into exit codes: 0 ok,
 * 1 invalid input, 2 usage error. Results go to stdout, messages to stderr.
 */
import { Command, CommanderError } from 'commander';
import { ParleyError } from '../core/errors.js';
import { StorageError } from '../storage/storage.js';
import { registerAdvise } from './commands/advise.js';
import { registerBacktest } from './commands/backtest.js';
import { registerChart } from './commands/chart.js';
import { registerCompare } from './commands/compare.js';
import { registerExplain } from './commands/explain.js';
import { registerForecast } from './commands/forecast.js';
import { registerImport } from './commands/import.js';
import { registerImportDecide } from './commands/import-decide.js';
import { registerLedger } from './commands/ledger.js';
import { registerExport, registerImportKtab } from './commands/ktab.js';
import { registerModels } from './commands/models.js';
import { registerReplicate } from './commands/replicate.js';
import { registerReport } from './commands/report.js';
import { registerScenarioFiles } from './commands/scenario-files.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerServe } from './commands/serve.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';
import { registerUsers } from './commands/users.js';
import { EXIT, Exit, type CliIo } from './shared.js';
import { packageVersion } from '../io/package-version.js';

export { defaultScenarioPath, packageRoot, parseParamFlags, type CliIo } from './shared.js';

function buildProgram(io: CliIo): Command {
  const program = new Command('parley')
    .description('Model a contested negotiation and forecast how it settles.')
    .version(packageVersion(), '-V, --version', 'print the version of parley')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run parley --help for usage)');
  registerForecast(program, io);
  registerExplain(program, io);
  registerScenarioFiles(program, io);
  registerModels(program, io);
  const importCommand = registerImport(program, io);
  registerImportDecide(importCommand, io);
  registerImportKtab(importCommand, io);
  registerExport(program, io);
  registerBacktest(program, io);
  registerSweep(program, io);
  registerWorker(program, io);
  registerSensitivity(program, io);
  registerCompare(program, io);
  registerAdvise(program, io);
  registerReport(program, io);
  registerReplicate(program, io);
  registerChart(program, io);
  registerServe(program, io);
  registerUsers(program, io);
  registerLedger(program, io);
  return program;
}

/** Runs the command line with these arguments (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Exit) {
      io.stderr(`${error.message}\n`);
      return error.code;
    }
    if (error instanceof ParleyError) {
      io.stderr(`parley: ${error.message}\n`);
      return error.kind === 'usage' ? EXIT.usage : EXIT.invalid;
    }
    if (error instanceof StorageError) {
      // The database refused or could not be reached: its message names it and the cause.
      io.stderr(`parley: ${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  }
}
