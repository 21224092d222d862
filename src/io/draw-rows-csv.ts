/**
 * Monte Carlo draws as a long-format CSV file (`parley sweep --rows`): one row per draw,
 * model and issue — `draw, model, issue, forecast`, then every drawn input as a column —
 * for analysts who work in R, pandas or a spreadsheet. Written whole or not at all: rows go
 * to a temporary file beside the target, renamed into place once complete.
 */
import type { DrawBatch } from '../core/analyses/draws.js';
import { csvField } from './csv.js';
import { writeFileWhole } from './files.js';

/** The CSV text of the batches' rows, in chunks of about a megabyte. */
export function* drawRowsCsv(batches: readonly DrawBatch[]): Generator<string> {
  const first = batches[0];
  const inputs = first?.inputs ?? [];
  let chunk = `${['draw', 'model', 'issue', 'forecast', ...inputs].map(csvField).join(',')}\n`;
  for (const batch of batches) {
    const cellsPerDraw = batch.models.length * batch.issues.length;
    const models = batch.models.map(csvField);
    const issues = batch.issues.map(csvField);
    for (let offset = 0; offset < batch.toDraw - batch.fromDraw; offset++) {
      const inputText = inputs.length === 0 ? '' : `,${Array.from(batch.inputValues.subarray(offset * inputs.length, (offset + 1) * inputs.length)).join(',')}`;
      const draw = batch.fromDraw + offset;
      for (let model = 0; model < models.length; model++) {
        for (let issue = 0; issue < issues.length; issue++) {
          chunk += `${draw},${models[model]},${issues[issue]},${batch.forecasts[offset * cellsPerDraw + model * issues.length + issue]}${inputText}\n`;
        }
      }
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}

/** Writes the rows to `path` whole (through a temporary file renamed into place); returns the number of rows. */
export function writeDrawRowsCsv(path: string, batches: readonly DrawBatch[]): number {
  writeFileWhole(path, drawRowsCsv(batches));
  return batches.reduce((rows, batch) => rows + (batch.toDraw - batch.fromDraw) * batch.models.length * batch.issues.length, 0);
}
