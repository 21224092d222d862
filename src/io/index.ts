/** Reading and writing scenario files. */
export { loadScenarioFile, parseScenarioText, scenarioToYaml } from './scenario-file.js';
export type { ValidationResult } from '../core/validate.js';
