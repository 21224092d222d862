/**
 * Which workspace a command works in: `--workspace` by id or by name (a name no workspace
 * has makes a new one, said on stderr), else the first workspace — the one `parley serve`
 * opens, made with the default scenario when the database has none.
 */
import type { Storage, WorkspaceRecord } from '../storage/storage.js';
import { defaultScenarioPath, EXIT, Exit, readScenario, type CliIo } from './shared.js';

/** The workspace a flag names, by id or by name; two of that name: an Exit listing their ids. */
export async function workspaceNamed(io: CliIo, storage: Storage, given: string): Promise<WorkspaceRecord> {
  const all = await storage.listWorkspaces();
  const byId = all.find((workspace) => workspace.id === given);
  if (byId) return byId;
  const named = all.filter((workspace) => workspace.name === given);
  if (named.length > 1) {
    throw new Exit(EXIT.usage, `parley: ${named.length} workspaces are named "${given}"; give one by id: ${named.map((workspace) => workspace.id).join(', ')}`);
  }
  if (named[0]) return named[0];
  const name = given.trim();
  if (name === '' || name.length > 100) throw new Exit(EXIT.usage, `parley: --workspace ${JSON.stringify(given)}: a workspace name has 1–100 characters`);
  const created = await storage.createWorkspace(name);
  io.stderr(`parley: created workspace "${created.name}" (${created.id})\n`);
  return created;
}

/**
 * The flag's workspace, else the first one. Without a flag on a database with no workspace,
 * `create` makes the one `parley serve` would (with the default scenario); otherwise undefined.
 */
export async function chosenWorkspace(io: CliIo, storage: Storage, given: string | undefined, create: boolean): Promise<WorkspaceRecord | undefined> {
  if (given !== undefined) return workspaceNamed(io, storage, given);
  const [first] = await storage.listWorkspaces();
  if (first || !create) return first;
  const { ensureDefaultWorkspace } = await import('../server/seed.js');
  const { workspace } = await ensureDefaultWorkspace(storage, { scenario: await readScenario(io, defaultScenarioPath()) });
  io.stderr(`parley: created workspace "${workspace.name}" (${workspace.id}) with the default scenario, as parley serve does\n`);
  return workspace;
}
