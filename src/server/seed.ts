/**
 * First start: a workspace holding the default scenario, with the article it starts from
 * attached as the text of its source, so a new user sees evidence-linked cells at once.
 */
import type { Scenario } from '../core/scenario.js';
import type { Storage, WorkspaceRecord } from '../storage/storage.js';

export interface SeedOptions {
  /** The default scenario, validated. */
  scenario: Scenario;
  /** Source texts to attach, by source id (the article, when its file was found). */
  texts?: Record<string, string>;
  workspaceName?: string;
}

/**
 * The first workspace, creating it with the default scenario when the storage holds none.
 * `created` says whether this start did so.
 */
export async function ensureDefaultWorkspace(storage: Storage, options: SeedOptions): Promise<{ workspace: WorkspaceRecord; created: boolean }> {
  const [existing] = await storage.listWorkspaces();
  if (existing) return { workspace: existing, created: false };
  const workspace = await storage.createWorkspace(options.workspaceName ?? 'My workspace');
  await storage.createScenario(workspace.id, {
    scenario: options.scenario,
    texts: options.texts ?? {},
    author: 'parley',
    summary: 'the default scenario, as shipped',
  });
  return { workspace, created: true };
}
