/**
 * The `parley` command line: parses flags and calls the library. Each command lives in
 * `commands/`; this file assembles them and turns outcomes into exit codes: 0 ok,
 * 1 invalid input, 2 usage error. Results go to stdout, messages to stderr.
 */
import { Command, CommanderError } from 'commander';
import { ParleyError } from '../core/errors.js';
import { StorageError } from '../storage/storage.js';
import { EXIT, Exit, type CliIo } from './shared.js';
import { packageVersion } from '../io/package-version.js';

export { defaultScenarioPath, packageRoot, parseParamFlags, type CliIo } from './shared.js';

type Register = (program: Command, io: CliIo) => Promise<unknown>;

/**
 * The commands in the order `parley --help` lists them, each by its name and how to register
 * it. A command's module, and what it imports, loads only when the command is registered.
 */
const COMMANDS: readonly (readonly [name: string, register: Register])[] = [
  ['forecast', async (program, io) => (await import('./commands/forecast.js')).registerForecast(program, io)],
  ['explain', async (program, io) => (await import('./commands/explain.js')).registerExplain(program, io)],
  ['validate', async (program, io) => (await import('./commands/scenario-files.js')).registerScenarioFiles(program, io)],
  ['models', async (program, io) => (await import('./commands/models.js')).registerModels(program, io)],
  [
    'import',
    async (program, io) => {
      const [{ registerImport }, { registerImportDecide }, { registerImportKtab }] = await Promise.all([
        import('./commands/import.js'),
        import('./commands/import-decide.js'),
        import('./commands/ktab.js'),
      ]);
      const importCommand = registerImport(program, io);
      registerImportDecide(importCommand, io);
      registerImportKtab(importCommand, io);
    },
  ],
  ['export', async (program, io) => (await import('./commands/ktab.js')).registerExport(program, io)],
  ['backtest', async (program, io) => (await import('./commands/backtest.js')).registerBacktest(program, io)],
  ['sweep', async (program, io) => (await import('./commands/sweep.js')).registerSweep(program, io)],
  ['worker', async (program, io) => (await import('./commands/worker.js')).registerWorker(program, io)],
  ['sensitivity', async (program, io) => (await import('./commands/sensitivity.js')).registerSensitivity(program, io)],
  ['compare', async (program, io) => (await import('./commands/compare.js')).registerCompare(program, io)],
  ['advise', async (program, io) => (await import('./commands/advise.js')).registerAdvise(program, io)],
  ['report', async (program, io) => (await import('./commands/report.js')).registerReport(program, io)],
  ['replicate', async (program, io) => (await import('./commands/replicate.js')).registerReplicate(program, io)],
  ['chart', async (program, io) => (await import('./commands/chart.js')).registerChart(program, io)],
  ['serve', async (program, io) => (await import('./commands/serve.js')).registerServe(program, io)],
  ['users', async (program, io) => (await import('./commands/users.js')).registerUsers(program, io)],
  ['ledger', async (program, io) => (await import('./commands/ledger.js')).registerLedger(program, io)],
];

/**
 * The program with the command `argv` names registered, or every command when it names none
 * of them (`--help`, `help`, `--version`, a misspelt command, whose suggestion needs them all).
 * `validate` and `schema` are registered together, by one module.
 */
async function buildProgram(io: CliIo, argv: readonly string[]): Promise<Command> {
  const program = new Command('parley')
    .description('Model a contested negotiation and forecast how it settles.')
    .version(packageVersion(), '-V, --version', 'print the version of parley')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run parley --help for usage)');
  const named = argv[0] === 'schema' ? 'validate' : argv[0];
  const only = COMMANDS.find(([name]) => name === named);
  // Registered one after the other, so that the order of commands in the help stays the same.
  for (const [, register] of only === undefined ? COMMANDS : [only]) await register(program, io);
  return program;
}

/** Runs the command line with these arguments (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = await buildProgram(io, argv);
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
