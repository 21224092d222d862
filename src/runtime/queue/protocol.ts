/**
 * The job protocol of a sweep on the queue: what the producer (`executor.ts`) and the
 * workers (`worker.ts`) exchange through Redis, defined once. A job carries only its draw
 * range; the scenario and request are stored once in the sweep's hash; a result carries the
 * finished draws with their numbers' exact bytes; a model error travels as `[code] message`.
 */
import type { DrawBatch, MonteCarloRequest } from '../../core/analyses/draws.js';
import { ParleyError } from '../../core/errors.js';
import type { Scenario } from '../../core/scenario.js';

/** A job: draws `fromDraw` to `toDraw − 1` of the sweep's request. */
export interface SweepJobData {
  sweep: string;
  fromDraw: number;
  toDraw: number;
}

/** What a worker reports while a job runs. */
export interface SweepJobProgress {
  worker: string;
  /** Draws finished in this job so far. */
  finished: number;
}

/** A job's result: the finished draws (all, or fewer after a stop) and who ran them. */
export interface SweepJobResult {
  worker: string;
  batch: EncodedBatch;
}

/** A `DrawBatch` as JSON: typed arrays as base64 of their IEEE 754 bytes, little-endian. */
export interface EncodedBatch extends Omit<DrawBatch, 'forecasts' | 'inputValues'> {
  forecasts: string;
  inputValues: string;
}

/** The scenario and request of a sweep, stored once in its hash. */
export interface SweepSpec {
  scenario: Scenario;
  request: MonteCarloRequest;
}

/** A model error as a job's failure reason, `[code] message`, read back by `errorFromReason`. */
export function reasonOf(error: ParleyError): string {
  return `[${error.code}] ${error.message}`;
}

/** The error a failed job's reason stands for: the model's ParleyError, code and all, or the worker's failure in words. */
export function errorFromReason(reason: string, fromDraw: number, toDraw: number): Error {
  const coded = /^\[([a-z0-9-]+)\] ([\s\S]*)$/.exec(reason);
  if (coded) return ParleyError.fromWire(coded[1]!, coded[2]!);
  return new Error(`a queue worker failed on draws ${fromDraw}–${toDraw - 1}: ${reason}`);
}

export function encodeBatch(batch: DrawBatch): EncodedBatch {
  return { ...batch, forecasts: encodeFloat64(batch.forecasts), inputValues: encodeFloat64(batch.inputValues) };
}

export function decodeBatch(encoded: EncodedBatch): DrawBatch {
  return { ...encoded, forecasts: decodeFloat64(encoded.forecasts), inputValues: decodeFloat64(encoded.inputValues) };
}

/** The numbers' exact bytes (NaN and -0 included), little-endian whatever the machine. */
function encodeFloat64(values: Float64Array): string {
  const bytes = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((value, index) => bytes.setFloat64(index * 8, value, true));
  return Buffer.from(bytes.buffer).toString('base64');
}

function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.byteLength / 8);
  for (let index = 0; index < values.length; index++) values[index] = view.getFloat64(index * 8, true);
  return values;
}

/** The Redis hash of a sweep: its scenario and request, and its live and stop flags. */
export function sweepKey(queueName: string, sweep: string): string {
  return `parley:${queueName}:sweep:${sweep}`;
}
