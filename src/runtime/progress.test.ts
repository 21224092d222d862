import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from './progress.js';

function recorder() {
  let clock = 0;
  const output: string[] = [];
  return { output, now: () => clock, advance: (ms: number) => (clock += ms), write: (text: string) => output.push(text) };
}

describe('progress', () => {
  it('not a terminal: a plain line every interval with rate and time left, then a closing line', () => {
    const { output, now, advance, write } = recorder();
    const progress = createProgress({ write, now, tty: false, total: 1000, label: 'sweep', lineInterval: 2000 });
    advance(1000);
    progress.update(100); // too soon for a line
    advance(1000);
    progress.update(200);
    advance(500);
    progress.update(250);
    advance(2000);
    progress.finish(1000);
    expect(output).toEqual(['sweep: 200/1000 draws, 100 draws/s, 8.0 s left\n', 'sweep: 1000 draws in 4.5 s (222 draws/s)\n']);
  });

  it('a terminal: a bar redrawn in place, cleared at the end', () => {
    const { output, now, advance, write } = recorder();
    const progress = createProgress({ write, now, tty: true, total: 100, columns: 80 });
    advance(1000);
    progress.update(50);
    advance(50);
    progress.update(60); // within the redraw interval: skipped
    advance(100);
    progress.update(70);
    progress.finish(100, 'stopped');
    expect(output[0]).toMatch(/^\r\[#+-+\] 50\/100 draws, 50\.0 draws\/s, 1\.0 s left\x1b\[K$/);
    expect(output[1]).toMatch(/^\r\[#+-+\] 70\/100/);
    expect(output.slice(2)).toEqual(['\r\x1b[K', '100 draws in 1.1 s (87.0 draws/s); stopped\n']);
  });

  it('a detail after the counts (the workers of a queue sweep)', () => {
    const { output, now, advance, write } = recorder();
    const progress = createProgress({ write, now, tty: false, total: 100, label: 'sweep', lineInterval: 1000 });
    advance(1000);
    progress.update(10, '2 workers (a, b)');
    expect(output).toEqual(['sweep: 10/100 draws, 10.0 draws/s, 9.0 s left, 2 workers (a, b)\n']);
  });

  it('durations', () => {
    expect(formatDuration(4.24)).toBe('4.2 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
  });
});
