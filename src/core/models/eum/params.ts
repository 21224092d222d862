/**
 * The expected utility model's parameters, described once (name, meaning, range, default):
 * the CLI's flags, the web form, validation and the run options `runEum` takes are all
 * built from `eumParams` (EUM-SPEC §8 for their meaning).
 */
import { type ParamOptions, type ParamSpec, paramDefaults } from '../../model.js';
import { eumVariants } from './types.js';

/**
 * The relation map holds n² entries a round (every pair's utilities and probabilities), so
 * it is kept for issues of at most this many actors (10,000 entries a round); a larger
 * issue's run leaves it out and says so. 1,000 actors made 4 GB of it (issue 24).
 */
export const eumLimits = { relationActors: 100 } as const;

/** Every parameter of the model; `rounds` 0 stands for the variant's own default (`variantRounds`). */
export const eumParams = [
  {
    name: 'variant',
    description:
      'parley: the net-votes rules with guards, cycle detection and a stopping rule; net-votes and scholz-code: the two public replications, quirks included',
    type: 'enum',
    default: 'parley',
    values: eumVariants,
  },
  {
    name: 'rounds',
    description:
      "rounds to run; 0: the variant's default. net-votes and scholz-code run exactly this many (default 20, as the reference runs); parley at most this many (default 100)",
    type: 'integer',
    default: 0,
    min: 0,
  },
  {
    name: 'fixedRounds',
    description: 'parley: run exactly `rounds` rounds with no stability or cycle stop (net-votes and scholz-code always do, as the references)',
    type: 'boolean',
    default: false,
  },
  {
    name: 'stabilityTolerance',
    description: 'medians within this fraction of the scale width count as equal (stable after three)',
    type: 'number',
    default: 1e-6,
    min: 0,
  },
  {
    name: 'cycleTolerance',
    description: 'medians within this fraction of the scale width count as repeating (cycle detection)',
    type: 'number',
    default: 0.02,
    min: 0,
  },
  { name: 'q', description: "weight of the status quo in an actor's expected utility (Scholz et al.'s Q)", type: 'number', default: 1, min: 0, max: 1 },
  {
    name: 't',
    description: "probability that the status quo gets better (Scholz et al.'s T; parley and net-votes)",
    type: 'number',
    default: 1,
    min: 0,
    max: 1,
  },
  {
    name: 'relations',
    description: `keep every round’s relation map (n² entries a round) in the details, on issues of at most ${eumLimits.relationActors} actors`,
    type: 'boolean',
    default: true,
  },
] as const satisfies readonly ParamSpec[];

/**
 * What `runEum` takes: any of the model's parameters, each optional (its default then).
 * `rounds` absent or 0: the variant's default, `variantRounds`.
 */
export type EumOptions = ParamOptions<typeof eumParams>;

/** Each parameter's default (EUM-SPEC §8). */
export const eumDefaults = paramDefaults(eumParams);

/** Rounds when none are given: `parley` at most 100; the faithful variants exactly 20, as the reference runs print (EUM-SPEC §5). */
export const variantRounds = { parley: 100, faithful: 20 } as const;
