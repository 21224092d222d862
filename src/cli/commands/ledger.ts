/**
 * `parley ledger`: the forecast ledger of a workspace. `record` puts a forecast on the
 * record, `resolve` says what happened, `score` scores what is resolved, `export` writes the
 * chain as JSON Lines, `verify` checks it (in the database or an export), `digest` prints the
 * head's hash to publish. Each calls `storage/ledger.ts`, as the server does.
 *
 * The workspace is `--workspace` (id or name), else the first one, as `parley serve` opens.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import type { LedgerEntry } from '../../core/ledger/entry.js';
import { packageVersion } from '../../io/package-version.js';
import { StorageError, type Storage, type WorkspaceRecord } from '../../storage/storage.js';
import { databaseFlagHelp, openDatabase } from '../database.js';
import { collect, defaultScenarioPath, EXIT, Exit, list, parseParamFlags, readScenario, writeWhole, type CliIo } from '../shared.js';
import { chosenWorkspace } from '../workspace.js';
import { chooseModels, parseSeed } from './forecast.js';
import { outputPath } from './report.js';

interface LedgerFlags {
  db?: string;
  workspace?: string;
}

const workspaceHelp = 'the workspace, by id or name (default: the first one, the one parley serve opens)';

/** Who records: `--author`, else the login name. */
function authorOf(given: string | undefined): string {
  const author = (given ?? process.env.USER ?? process.env.USERNAME ?? 'parley').trim();
  if (author === '' || author.length > 80) throw new Exit(EXIT.usage, `--author ${JSON.stringify(given)}: give a name of 1–80 characters`);
  return author;
}

/**
 * Opens the database and the workspace, runs `work`, closes. Refusals of storage and a
 * broken chain become exit 1 with their message.
 */
async function withLedger(
  io: CliIo,
  flags: LedgerFlags,
  create: boolean,
  work: (storage: Storage, workspace: WorkspaceRecord) => Promise<void>,
): Promise<void> {
  const { storage } = await openDatabase(io, flags.db);
  try {
    const workspace = await chosenWorkspace(io, storage, flags.workspace, create);
    if (!workspace) throw new Exit(EXIT.invalid, 'parley: the database has no workspace, so no ledger yet (parley ledger record makes one)');
    await work(storage, workspace);
  } catch (error) {
    if (error instanceof StorageError) throw new Exit(EXIT.invalid, `parley: ${error.message}`);
    if (error instanceof Error && error.name === 'BrokenLedger') throw new Exit(EXIT.invalid, `parley: ${error.message}`);
    throw error;
  } finally {
    await storage.close();
  }
}

function acknowledge(io: CliIo, entry: LedgerEntry, what: string): void {
  // stdout is the acknowledgement: printed only after the entry's transaction committed.
  io.stdout(`${entry.seq}\t${entry.hash}\n`);
  io.stderr(`parley: recorded entry ${entry.seq} (${what}), hash ${entry.hash}\n`);
}

interface RecordFlags extends LedgerFlags {
  variant?: string;
  note?: string;
  resolveBy?: string;
  model?: string[];
  param?: string[];
  seed?: string;
  author?: string;
}

interface ResolveFlags extends LedgerFlags {
  issue: string;
  observed: string;
  date: string;
  source: string;
  quote?: string;
  author?: string;
}

export function registerLedger(program: Command, io: CliIo): void {
  const ledger = program
    .command('ledger')
    .description('the forecast ledger: forecasts on the record, tamper-evident (a hash chain), scored when the outcome is known');

  ledger
    .command('record')
    .description("record a forecast: the scenario, what was run, each model's forecast and the one answer per issue; prints the entry's number and hash")
    .argument('[file]', 'scenario file (YAML); default: the shipped Russia–Ukraine scenario')
    .option('-v, --variant <id>', 'record the forecast of a variant')
    .option('--note <text>', 'a note kept with the entry')
    .option('--resolve-by <date>', 'when the outcome should be known (YYYY-MM-DD)')
    .option('-m, --model <ids>', 'models to run, comma-separated; default: all', list)
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value); repeatable', collect)
    .option('--seed <n>', 'root seed of every stochastic path (default 1)')
    .option('--author <name>', 'who records it (default: your login name)')
    .option('-w, --workspace <name-or-id>', workspaceHelp)
    .option('--db <target>', databaseFlagHelp)
    .action(async (file: string | undefined, flags: RecordFlags) => {
      const author = authorOf(flags.author);
      const scenario = await readScenario(io, file ?? defaultScenarioPath());
      const models = flags.model === undefined ? undefined : chooseModels(flags.model);
      const seed = parseSeed(flags.seed);
      const params = parseParamFlags(flags.param ?? [], models ?? chooseModels(undefined));
      const [{ scenarioToYaml }, { recordForecast }] = await Promise.all([import('../../io/scenario-file.js'), import('../../storage/ledger.js')]);
      await withLedger(io, flags, true, async (storage, workspace) => {
        const entry = await recordForecast(storage, workspace.id, {
          scenario,
          yaml: scenarioToYaml(scenario),
          request: {
            ...(models === undefined ? {} : { models }),
            ...(Object.keys(params).length === 0 ? {} : { params }),
            ...(flags.variant === undefined ? {} : { variant: flags.variant }),
            ...(seed === undefined ? {} : { seed }),
            ...(flags.note === undefined ? {} : { note: flags.note }),
            ...(flags.resolveBy === undefined ? {} : { resolveBy: flags.resolveBy }),
          },
          author,
          parley: packageVersion(),
        });
        if ('field' in entry) throw new Exit(EXIT.usage, `parley: --${entry.field}: ${entry.message}; nothing was recorded`);
        acknowledge(io, entry, `forecast of ${scenario.id}${flags.variant === undefined ? '' : ` / ${flags.variant}`} in "${workspace.name}"`);
      });
    });

  ledger
    .command('resolve')
    .description('record what happened on an issue of a recorded forecast (a new entry; the forecast is never edited)')
    .argument('<entry>', 'the forecast entry: its number, or 8 or more hex digits of its hash')
    .requiredOption('--issue <id>', 'the issue')
    .requiredOption('--observed <value>', "the outcome on the issue's scale, or status-quo when no agreement was reached")
    .requiredOption('--date <date>', 'when it was decided (YYYY-MM-DD)')
    .requiredOption('--source <text>', 'where that is written (a treaty, a report, a URL)')
    .option('--quote <text>', 'the words of the source that say it')
    .option('--author <name>', 'who records it (default: your login name)')
    .option('-w, --workspace <name-or-id>', workspaceHelp)
    .option('--db <target>', databaseFlagHelp)
    .action(async (entryRef: string, flags: ResolveFlags) => {
      const author = authorOf(flags.author);
      const { resolveForecast } = await import('../../storage/ledger.js');
      await withLedger(io, flags, false, async (storage, workspace) => {
        const entry = await resolveForecast(
          storage,
          workspace.id,
          {
            entry: entryRef,
            issue: flags.issue,
            observed: flags.observed,
            date: flags.date,
            source: flags.source,
            ...(flags.quote === undefined ? {} : { quote: flags.quote }),
          },
          { author, parley: packageVersion(), now: new Date() },
        );
        if ('field' in entry)
          throw new Exit(EXIT.invalid, `parley: ${entry.field === 'entry' ? `ENTRY ${entryRef}` : `--${entry.field}`}: ${entry.message}; nothing was recorded`);
        const body = entry.body.kind === 'resolution' ? entry.body : undefined;
        acknowledge(io, entry, `resolution of entry ${body?.entry.seq} / ${body?.issue}`);
      });
    });

  ledger
    .command('export')
    .description('write the ledger as JSON Lines, one entry a line, exactly as stored (docs/ledger.md says how to check it)')
    .option('-o, --output <file>', 'write to this file (whole or not at all) instead of stdout')
    .option('-w, --workspace <name-or-id>', workspaceHelp)
    .option('--db <target>', databaseFlagHelp)
    .action(async (flags: LedgerFlags & { output?: string }) => {
      const output = flags.output === undefined ? undefined : outputPath('--output', io, flags.output);
      const { readLedger } = await import('../../storage/ledger.js');
      await withLedger(io, flags, false, async (storage, workspace) => {
        const { stored, report } = await readLedger(storage, workspace.id);
        const text = stored.map((json) => `${json}\n`).join('');
        if (output === undefined) io.stdout(text);
        else writeWhole('--output', output, text);
        io.stderr(
          `parley: exported ${stored.length} ${stored.length === 1 ? 'entry' : 'entries'} of "${workspace.name}"${output === undefined ? '' : ` to ${output}`}\n`,
        );
        if (!report.ok) io.stderr(`parley: warning: the ledger does not verify: ${report.firstBreak!.message}\n`);
      });
    });

  ledger
    .command('verify')
    .description('recompute the hash chain (of the database, or of an export) and report the first entry that breaks it')
    .option('--file <export.jsonl>', 'check an export instead of the database')
    .option('--digest <hash>', 'a head published earlier (parley ledger digest): it must still be in the chain')
    .option('-w, --workspace <name-or-id>', workspaceHelp)
    .option('--db <target>', databaseFlagHelp)
    .action(async (flags: LedgerFlags & { file?: string; digest?: string }) => {
      const published = flags.digest?.replace(/^sha256:/i, '');
      if (published !== undefined && !/^[0-9a-f]{64}$/i.test(published))
        throw new Exit(EXIT.usage, `--digest ${flags.digest}: give the 64 hex digits parley ledger digest printed`);
      const options = published === undefined ? {} : { published };
      const { parseLedgerLines, verifyChain } = await import('../../core/ledger/chain.js');
      const say = (report: import('../../core/ledger/chain.js').ChainReport, what: string) => {
        if (!report.ok)
          throw new Exit(
            EXIT.invalid,
            `parley: ${what} does not verify: ${report.firstBreak!.message} (${report.verified} ${report.verified === 1 ? 'entry' : 'entries'} before it verify)`,
          );
        io.stdout(
          `ok: ${report.verified} ${report.verified === 1 ? 'entry' : 'entries'} verify; head ${report.head === null ? 'none (empty ledger)' : `${report.head.seq} ${report.head.hash}`}\n`,
        );
      };
      if (flags.file !== undefined) {
        let text: string;
        try {
          text = readFileSync(resolvePath(io.cwd, flags.file), 'utf8');
        } catch (error) {
          throw new Exit(EXIT.invalid, `--file ${flags.file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        }
        const parsed = parseLedgerLines(text);
        if ('message' in parsed) throw new Exit(EXIT.invalid, `parley: ${flags.file}: ${parsed.message}`);
        say(verifyChain(parsed.entries, { lines: parsed.lines, ...options }), flags.file);
        return;
      }
      const { readLedger } = await import('../../storage/ledger.js');
      await withLedger(io, flags, false, async (storage, workspace) => {
        say((await readLedger(storage, workspace.id, published)).report, `the ledger of "${workspace.name}"`);
      });
    });

  ledger
    .command('score')
    .description(
      'score every resolved forecast: error per model and for the one answer, interval coverage, Brier score of the chance of a deal, against the status quo',
    )
    .option('--json', 'print the track record as JSON')
    .option('--html <file>', 'also write the track record as an HTML page')
    .option('-w, --workspace <name-or-id>', workspaceHelp)
    .option('--db <target>', databaseFlagHelp)
    .action(async (flags: LedgerFlags & { json?: boolean; html?: string }) => {
      const html = flags.html === undefined ? undefined : outputPath('--html', io, flags.html);
      const [{ verifiedEntries }, { scoreLedger }, { trackRecordPage }, { trackRecordText }] = await Promise.all([
        import('../../storage/ledger.js'),
        import('../../core/ledger/score.js'),
        import('../../report/track-record.js'),
        import('../../report/track-record-words.js'),
      ]);
      await withLedger(io, flags, false, async (storage, workspace) => {
        const entries = await verifiedEntries(storage, workspace.id);
        const record = scoreLedger(entries);
        const head = entries.at(-1)?.hash ?? null;
        io.stdout(flags.json ? `${JSON.stringify({ workspace: workspace.id, head, ...record }, null, 2)}\n` : trackRecordText(record));
        if (html !== undefined) writeWhole('--html', html, trackRecordPage(record, { workspace: workspace.name, head, version: packageVersion() }));
      });
    });

  ledger
    .command('digest')
    .description("print the hash of the ledger's newest entry, to publish: it proves later that nothing recorded before it changed")
    .option('-w, --workspace <name-or-id>', workspaceHelp)
    .option('--db <target>', databaseFlagHelp)
    .action(async (flags: LedgerFlags) => {
      const { verifiedEntries } = await import('../../storage/ledger.js');
      await withLedger(io, flags, false, async (storage, workspace) => {
        const head = (await verifiedEntries(storage, workspace.id)).at(-1);
        if (!head) throw new Exit(EXIT.invalid, `parley: the ledger of "${workspace.name}" is empty; record a forecast first`);
        io.stdout(`${head.hash}\n`);
        io.stderr(
          `parley: the head of "${workspace.name}" is entry ${head.seq}, recorded ${head.recordedAt}; check it later with parley ledger verify --digest ${head.hash}\n`,
        );
      });
    });
}
