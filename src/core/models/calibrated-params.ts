/**
 * The calibrated compromise model's one parameter, apart from its code, so that the models'
 * catalogue (`catalogue.ts`) lists it without loading the model.
 */
import type { ParamSpec } from '../model.js';

/** The blend weight λ of the capability-weighted mean, fitted on the DEU III development half. */
export const calibratedMeanWeight = 0.695;

/** The model's one parameter, described once. */
export const calibratedParams = [
  {
    name: 'meanWeight',
    description: 'weight λ of the capability-weighted mean (salience ignored) against the compromise; 0 is the compromise model',
    type: 'number',
    default: calibratedMeanWeight,
    min: 0,
    max: 1,
  },
] as const satisfies readonly ParamSpec[];
