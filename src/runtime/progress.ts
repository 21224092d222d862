/**
 * Progress of a long run on stderr: on a terminal, a bar redrawn in place with draws per
 * second and the time left; otherwise (CI logs, pipes) a plain line every few seconds.
 */

export interface ProgressOptions {
  write: (text: string) => void;
  /** Draw a bar in place (stderr is a terminal) rather than print lines. */
  tty: boolean;
  total: number;
  /** What is counted, plural: `draws`. */
  unit?: string;
  /** Prefix of each line: `sweep`. */
  label?: string;
  /** Terminal width for the bar; default 80. */
  columns?: number;
  /** Least time between plain lines; default 2000 ms. */
  lineInterval?: number;
  /** Milliseconds since some fixed point; default `performance.now()`. */
  now?: () => number;
}

export interface Progress {
  /** `detail` is shown after the counts: `2 workers (a, b)`. */
  update(finished: number, detail?: string): void;
  /** Ends the display: the bar's last state and a newline, or a closing line. */
  finish(finished: number, note?: string): void;
}

/** Least time between redraws of the bar. */
const redrawInterval = 100;

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? 'draws';
  const label = options.label ? `${options.label}: ` : '';
  const lineInterval = options.lineInterval ?? 2000;
  const started = now();
  let lastShown = started;
  let drawn = false;

  const rateOf = (finished: number, elapsed: number) => (elapsed > 0 ? (finished * 1000) / elapsed : 0);
  const status = (finished: number, detail?: string) => {
    const elapsed = now() - started;
    const rate = rateOf(finished, elapsed);
    const left = rate > 0 ? (options.total - finished) / rate : Number.NaN;
    return `${finished}/${options.total} ${unit}, ${formatRate(rate)} ${unit}/s, ${Number.isFinite(left) ? `${formatDuration(left)} left` : 'time left unknown'}${detail ? `, ${detail}` : ''}`;
  };

  return {
    update(finished, detail) {
      const time = now();
      if (options.tty) {
        if (time - lastShown < redrawInterval && drawn) return;
        lastShown = time;
        drawn = true;
        const text = status(finished, detail);
        const barWidth = Math.max(10, Math.min(40, (options.columns ?? 80) - label.length - text.length - 4));
        const filled = Math.round((barWidth * finished) / Math.max(1, options.total));
        options.write(`\r${label}[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${text}\x1b[K`);
        return;
      }
      if (time - lastShown < lineInterval) return;
      lastShown = time;
      options.write(`${label}${status(finished, detail)}\n`);
    },
    finish(finished, note) {
      const seconds = (now() - started) / 1000;
      const rate = rateOf(finished, now() - started);
      if (options.tty && drawn) options.write('\r\x1b[K');
      options.write(`${label}${finished} ${unit} in ${formatDuration(seconds)} (${formatRate(rate)} ${unit}/s)${note ? `; ${note}` : ''}\n`);
    },
  };
}

function formatRate(rate: number): string {
  return rate >= 100 ? String(Math.round(rate)) : rate.toFixed(1);
}

/** `4.2 s`, `3 min 5 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
