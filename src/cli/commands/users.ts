/**
 * `parley users`: who may sign in to a shared server. `add` makes a user and prints their
 * token once (the database keeps only its SHA-256); `token` replaces a lost one; `grant`
 * opens a workspace to a user; `list` shows who is a member of what.
 */
import type { Command } from 'commander';
import { StorageError, type Storage, type WorkspaceRecord } from '../../storage/storage.js';
import { databaseFlagHelp, openDatabase } from '../database.js';
import { collect, EXIT, Exit, type CliIo } from '../shared.js';
import { workspaceNamed } from '../workspace.js';

/** A user name: what versions record as their author. */
const namePattern = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,79}$/u;

function checkName(name: string): string {
  if (!namePattern.test(name)) {
    throw new Exit(
      EXIT.usage,
      `parley: user name ${JSON.stringify(name)}: use 1–80 letters, digits and . _ @ - (starting with a letter or digit), e.g. ana or ana.silva`,
    );
  }
  return name;
}

interface DbOption {
  db?: string;
}

/** Runs `work` on the opened database and closes it; storage refusals become exit 1 with their message. */
async function withDatabase<T>(io: CliIo, options: DbOption, work: (storage: Storage) => Promise<T>): Promise<T> {
  const { storage } = await openDatabase(io, options.db);
  try {
    return await work(storage);
  } catch (error) {
    if (error instanceof StorageError) throw new Exit(EXIT.invalid, `parley: ${error.message}`);
    throw error;
  } finally {
    await storage.close();
  }
}

function tokenMessage(name: string): string {
  return `parley: this is ${name}'s token; it is shown once (the database keeps only its SHA-256). Give it to ${name}: the web app asks for it, and API calls send it as "Authorization: Bearer <token>".\n`;
}

export function registerUsers(program: Command, io: CliIo): void {
  const users = program.command('users').description('who may sign in to a shared server (parley serve --db postgres://…), and which workspaces they see');

  users
    .command('add')
    .description('add a user and print their sign-in token (shown once)')
    .argument('<name>', 'the user name (recorded as the author of what they save)')
    .option('-w, --workspace <name-or-id>', 'make them a member of this workspace (created when no workspace has that name); repeatable', collect)
    .option('--db <target>', databaseFlagHelp)
    .action(async (name: string, options: DbOption & { workspace?: string[] }) => {
      checkName(name);
      await withDatabase(io, options, async (storage) => {
        const spaces: WorkspaceRecord[] = [];
        for (const given of options.workspace ?? []) spaces.push(await workspaceNamed(io, storage, given));
        const { user, token } = await storage.createUser(name);
        for (const space of spaces) await storage.addMember(space.id, user.id);
        io.stdout(`${token}\n`);
        io.stderr(
          spaces.length === 0
            ? `parley: added ${name}, a member of no workspace yet (parley users grant ${name} --workspace NAME)\n`
            : `parley: added ${name}, a member of ${spaces.map((space) => `"${space.name}"`).join(', ')}\n`,
        );
        io.stderr(tokenMessage(name));
      });
    });

  users
    .command('token')
    .description('give a user a new token (a lost or leaked one stops working at once)')
    .argument('<name>', 'the user name')
    .option('--db <target>', databaseFlagHelp)
    .action(async (name: string, options: DbOption) => {
      await withDatabase(io, options, async (storage) => {
        const user = await storage.getUserByName(name);
        if (!user) throw new Exit(EXIT.invalid, `parley: no user named ${name} (parley users list shows them)`);
        const { token } = await storage.issueToken(user.id);
        io.stdout(`${token}\n`);
        io.stderr(`parley: ${name}'s old token no longer works\n${tokenMessage(name)}`);
      });
    });

  users
    .command('grant')
    .description('make a user a member of workspaces')
    .argument('<name>', 'the user name')
    .requiredOption('-w, --workspace <name-or-id>', 'the workspace (created when no workspace has that name); repeatable', collect)
    .option('--db <target>', databaseFlagHelp)
    .action(async (name: string, options: DbOption & { workspace: string[] }) => {
      await withDatabase(io, options, async (storage) => {
        const user = await storage.getUserByName(name);
        if (!user) throw new Exit(EXIT.invalid, `parley: no user named ${name} (parley users list shows them)`);
        for (const given of options.workspace) {
          const space = await workspaceNamed(io, storage, given);
          await storage.addMember(space.id, user.id);
          io.stderr(`parley: ${name} is a member of "${space.name}"\n`);
        }
      });
    });

  users
    .command('list')
    .description('every user and the workspaces they are a member of')
    .option('--db <target>', databaseFlagHelp)
    .action(async (options: DbOption) => {
      await withDatabase(io, options, async (storage) => {
        const names = new Map((await storage.listWorkspaces()).map((workspace) => [workspace.id, workspace.name]));
        const all = await storage.listUsers();
        if (all.length === 0) {
          io.stderr('parley: no users yet (parley users add NAME --workspace NAME)\n');
          return;
        }
        for (const user of all) {
          const spaces = user.workspaces.map((id) => `"${names.get(id) ?? id}"`).join(', ');
          io.stdout(`${user.name}\tsince ${user.createdAt.slice(0, 10)}\t${spaces || '(no workspace)'}\n`);
        }
      });
    });
}
