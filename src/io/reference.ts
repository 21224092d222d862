/**
 * The reference data of `reference/` (each folder's README gives provenance and licence),
 * read into what the replication suite (core/analyses/replicate.ts) compares the models
 * with. Every file is read the way its README describes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EumReference, ExchangeListRow, ReplicationData, ReplicationGroup, SmpReference } from '../core/analyses/replicate.js';
import type { EumActor } from '../core/models/eum/index.js';
import type { SmpActor } from '../core/models/smp/index.js';
import type { PointScenario } from '../core/model.js';
import { pointScenario } from '../core/resolve.js';
import { importDecideCsv } from './decide.js';
import { deuCases, loadDeuDir } from './deu.js';

/** A reference file that is missing or does not read: names the file and what to do. */
export class ReferenceDataError extends Error {}

function read(dir: string, ...path: string[]): string {
  const file = join(dir, ...path);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReferenceDataError(
      `${file}: cannot read the reference file (${(error as NodeJS.ErrnoException).code ?? String(error)}); the repository's reference/ folder holds it`,
    );
  }
}

/** reference/bdm: `actor,capability,position,salience` rows and the round-by-round runs of both variants. */
function readEum(dir: string): EumReference[] {
  const folder = join(dir, 'bdm', 'trajectories');
  let files: string[];
  try {
    files = readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    throw new ReferenceDataError(`${folder}: cannot list the EUM reference runs; the repository's reference/ folder holds them`);
  }
  return files.map((file) => {
    const reference = JSON.parse(read(dir, 'bdm', 'trajectories', file)) as { dataset: string; variants: EumReference['variants'] };
    const [, ...rows] = read(dir, 'bdm', 'data', `${reference.dataset}.csv`).trim().split(/\r?\n/);
    const actors: EumActor[] = rows.map((text) => {
      const [id, capability, position, salience] = text.split(',');
      return { id: id!, capability: Number(capability), position: Number(position), salience: Number(salience) };
    });
    return { dataset: reference.dataset, actors, variants: reference.variants };
  });
}

/** A KTAB CSV as KTAB reads it (SMP-SPEC §1.1): split on commas, positions and saliences divided by 100. */
export function readKtabActors(text: string): SmpActor[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const [, , actorCount, dimensionCount] = lines[0]!.split(',');
  const dimensions = Number(dimensionCount);
  return lines.slice(2, 2 + Number(actorCount)).map((line) => {
    const fields = line.split(',');
    const column = (index: number) => Number.parseFloat(fields[index]!);
    return {
      id: fields[0]!.trim(),
      capability: column(2),
      position: Array.from({ length: dimensions }, (_, k) => column(3 + 2 * k) / 100),
      salience: Array.from({ length: dimensions }, (_, k) => column(4 + 2 * k) / 100),
    };
  });
}

/** reference/ktab/README.md: the two reference runs, `Turn_t,Act_i,Dim_k,Pos_Coord,…`, and dummyData_3Dim's probabilities. */
function readSmp(dir: string): SmpReference[] {
  return ['dummyData_3Dim', 'SOE-Pol-Comp'].map((name) => {
    const [, ...rows] = read(dir, 'ktab', `${name}.ref-positions.csv`).trim().split(/\r?\n/);
    const positions = rows.map((text) => {
      const [turn, actor, dimension, position] = text.split(',').map(Number);
      return [turn!, actor!, dimension!, position!] as [number, number, number, number];
    });
    const reference: SmpReference = { name, actors: readKtabActors(read(dir, 'ktab', `${name}.csv`)), positions };
    if (name === 'dummyData_3Dim') {
      reference.probabilities = read(dir, 'ktab', `${name}.ref-probs.txt`)
        .trim()
        .split(/\r?\n/)
        .map((line) => Number(line.trim().split(/\s+/)[1]));
    }
    return reference;
  });
}

function decideScenario(dir: string, file: string): PointScenario {
  const imported = importDecideCsv(read(dir, 'decide', file), file);
  if (!imported.scenario) throw new ReferenceDataError(`${join(dir, 'decide', file)}: ${imported.problems.map((problem) => problem.message).join('; ')}`);
  return pointScenario(imported.scenario);
}

/** reference/decide/README.md: CoP21.compare.csv, semicolon separated, one executed exchange a row. */
function readCop21List(dir: string): ExchangeListRow[] {
  return read(dir, 'decide', 'CoP21.compare.csv')
    .trim()
    .split(/\r?\n/)
    .map((text) => {
      const cells = text.split(';');
      return {
        gain: cells[4]!,
        sides: [
          { actor: cells[0]!, issue: cells[1]!, from: cells[5]!, move: cells[6]!, to: cells[7]! },
          { actor: cells[2]!, issue: cells[3]!, from: cells[9]!, move: cells[10]!, to: cells[11]! },
        ],
      };
    });
}

function readDeu(dir: string, capability: 'equal' | 'nice') {
  const imported = loadDeuDir(join(dir, 'deu3'), { capability });
  if (!imported.dataset)
    throw new ReferenceDataError(imported.problems.map((problem) => `${problem.file ?? join(dir, 'deu3')}: ${problem.message}`).join('\n'));
  return deuCases(imported.dataset);
}

/**
 * Reads what the chosen replications need from a reference folder (the repository's
 * `reference/`). Throws ReferenceDataError naming the file when one is missing or unreadable.
 */
export function loadReplicationData(dir: string, only: readonly ReplicationGroup[] = ['eum', 'smp', 'exchange', 'deu']): ReplicationData {
  const chosen = new Set(only);
  const empty: ReplicationData = {
    eum: [],
    smp: [],
    exchange: { cop21: { id: '', title: '', issues: [] }, cop21List: [], copenhagen: { id: '', title: '', issues: [] } },
    deu: { equal: [], nice: [] },
  };
  return {
    eum: chosen.has('eum') ? readEum(dir) : empty.eum,
    smp: chosen.has('smp') ? readSmp(dir) : empty.smp,
    exchange: chosen.has('exchange')
      ? { cop21: decideScenario(dir, 'cop21.csv'), cop21List: readCop21List(dir), copenhagen: decideScenario(dir, 'copenhagen.csv') }
      : empty.exchange,
    deu: chosen.has('deu') ? { equal: readDeu(dir, 'equal'), nice: readDeu(dir, 'nice') } : empty.deu,
  };
}
