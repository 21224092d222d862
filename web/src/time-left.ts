/**
 * How long a server run still needs, in words, from the pace measured so far: the draws still
 * to do at the draws per second of those done. Said roughly, as a person would ("about 40 s
 * left"), because the pace of the first draws only estimates the pace of the rest.
 */

/** Seconds in words, rounded to what an estimate can claim: 5 s under a minute, minutes under an hour. */
export function durationWords(seconds: number): string {
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  if (seconds < 3600) {
    const minutes = Math.round(seconds / 60);
    return minutes === 60 ? 'about 1 h' : `about ${minutes} min`;
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds - hours * 3600) / 60);
  return minutes === 0 || minutes === 60 ? `about ${minutes === 60 ? hours + 1 : hours} h` : `about ${hours} h ${minutes} min`;
}

/**
 * The time left of a run that has done `done` of `total` draws at `drawsPerSecond`, in words:
 * `about 40 s left`; before the first draws are measured, that it is still estimating.
 *
 * @example timeLeftWords({ done: 1000, total: 5000, drawsPerSecond: 100 }) // 'about 40 s left'
 */
export function timeLeftWords(progress: { done: number; total: number; drawsPerSecond: number }): string {
  if (progress.done >= progress.total) return 'finishing';
  if (!(progress.done > 0 && progress.drawsPerSecond > 0)) return 'estimating the time left';
  return `${durationWords((progress.total - progress.done) / progress.drawsPerSecond)} left`;
}
