import type { Command } from 'commander';
import { models } from '../../core/models/index.js';
import type { CliIo } from '../shared.js';

export function registerModels(program: Command, io: CliIo): void {
  program
    .command('models')
    .description('list the models, their parameters and references')
    .action(() => {
      const lines: string[] = [];
      for (const model of models) {
        lines.push(`${model.id} — ${model.name}`, `  ${model.summary}`);
        for (const param of model.params) {
          const range = param.type === 'enum' ? ` (${param.values.join(' | ')})` : '';
          lines.push(`  --param ${model.id}.${param.name}=…  ${param.description}${range}; default ${String(param.default)}`);
        }
        for (const reference of model.references) lines.push(`  · ${reference}`);
        lines.push('');
      }
      io.stdout(lines.join('\n'));
    });
}
