/**
 * Named versions: naming the current version saves its content again with a summary that
 * carries the name (`named "before the council vote" (the content of version 7)`), so the
 * name travels with the history and needs nothing new on the server.
 */
import type { VersionRecord } from '@parley/server/protocol.js';

/** How a named version's summary starts; the name follows in quotes. */
export const namedPrefix = 'named ';

/** The summary of a version that names the content of `version`. */
export function namedSummary(name: string, version: number): string {
  return `${namedPrefix}"${name.trim()}" (the content of version ${version})`;
}

export function isNamed(version: Pick<VersionRecord, 'summary'>): boolean {
  return version.summary.startsWith(namedPrefix);
}

/** A version as a picker lists it: `v7`, or `v8 "before the council vote"` for a named one. */
export function versionLabel(version: Pick<VersionRecord, 'version' | 'summary'>): string {
  return `v${version.version}${isNamed(version) ? ` ${version.summary.slice(namedPrefix.length).split(' (')[0]}` : ''}`;
}
