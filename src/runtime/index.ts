/**
 * `import … from 'parley/runtime'`: Monte Carlo on every core of one machine. The pool is
 * a `DrawExecutor` for `monteCarlo` (from `'parley'`); results are byte-identical to the
 * in-process executor's for the same seed. Node only (worker threads).
 */
export { createWorkerPool, type PoolOptions, type WorkerPool } from './pool.js';
