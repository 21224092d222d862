/**
 * `import … from 'parley/io'`: files, imports and exports. Scenario files (YAML, with every
 * problem located by line and column), the field's input formats (BDM tables, KTAB, the
 * Decide software, the DEU data sets) and Monte Carlo draws as CSV. Uses Node's file system.
 */
export { loadScenarioFile, parseScenarioText, scenarioToYaml, type ScenarioFileResult } from './scenario-file.js';
export type { ValidationResult } from '../core/validate.js';
export { importBdmCsv, type BdmImport, type BdmImportOptions } from './bdm.js';
export { exportKtabCsv, importKtabCsv, type KtabImport } from './ktab.js';
export { importDecideCsv, type DecideImport, type DecideImportOptions } from './decide.js';
export {
  deuCapabilities,
  deuCases,
  loadDeuDir,
  parseDeu,
  type DeuCapability,
  type DeuDataset,
  type DeuFile,
  type DeuImport,
  type DeuIssue,
} from './deu.js';
export { parseOutcomesCsv, type OutcomeRow } from './outcomes-csv.js';
export { drawRowsCsv, writeDrawRowsCsv } from './draw-rows-csv.js';
export { writeFileWhole } from './files.js';
