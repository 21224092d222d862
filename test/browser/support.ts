/**
 * What the browser tests share: the repository's folders, the web app built when stale, and
 * Debian's Chromium launched headless (no browser download) with the flags this machine's
 * closed network needs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildServer } from '../../src/server/app.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const webRoot = join(root, 'dist', 'web');
/** Screenshots of the main views, for a person to look at. */
export const artifacts = join(root, 'test-artifacts', 'browser');
const chromiumPath = '/usr/bin/chromium';

/** The newest modification time of any file under these folders. */
function newest(folders: string[]): number {
  let latest = 0;
  for (const folder of folders) {
    for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      const stats = statSync(join(folder, name));
      if (stats.isFile()) latest = Math.max(latest, stats.mtimeMs);
    }
  }
  return latest;
}

/** Builds the web app unless dist/web is newer than everything it is built from. */
export function buildWebIfStale(): void {
  const index = join(webRoot, 'index.html');
  const sources = ['web', 'src/core', 'src/report', 'src/server'].map((folder) => join(root, folder));
  if (existsSync(index) && statSync(index).mtimeMs > newest(sources)) return;
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build (many
    // times slower: every element records its owner's stack); the tests drive what users get.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`);
}

/** Headless Chromium; the screenshot folder made. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Debian's Chromium (apt-get install -y chromium), as .ci/run does`);
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page on a server of its own: a throwaway SQLite database, the built app, a Chromium page. */
export interface PageOnServer {
  storage: SqliteStorage;
  /** The server's address, `http://127.0.0.1:PORT`. */
  base: string;
  page: Page;
  /** The page's uncaught errors, in order. */
  pageErrors: string[];
  /** Closes the browser, the server and the database, and removes the folder. */
  close: () => Promise<void>;
}

/**
 * Opens a page on a server of its own, so one test file's data never meets another's: the web
 * app built when stale, a database in a fresh folder (`parley-browser-NAME-…`) filled by
 * `seed`, the server on a free loopback port, and a 1440 × 900 page timing out after `timeout`.
 */
export async function openPageOnServer(name: string, seed: (storage: SqliteStorage) => Promise<void>, timeout: number): Promise<PageOnServer> {
  buildWebIfStale();
  const folder = mkdtempSync(join(tmpdir(), `parley-browser-${name}-`));
  const storage = openSqliteStorage({ path: join(folder, 'parley.db') });
  let server: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await seed(storage);
    server = await buildServer({ storage, webRoot });
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(timeout);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { storage, base, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
