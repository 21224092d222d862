/**
 * A small dense linear-program solver: maximise cᵀy subject to Ay ≤ b, y ≥ 0, with b ≥ 0
 * (so the origin is feasible and one phase suffices). The primal simplex method on a
 * tableau with slack variables, Bland's rule against cycling (Bland 1977, "New finite
 * pivoting rules for the simplex method", Mathematics of Operations Research 2(2);
 * Chvátal 1983, *Linear Programming*, ch. 2–3).
 *
 * Cost: O(pivots · m · n); meant for the agreement analysis' packages (tens of rows).
 */

export interface LinearProgram {
  /** Objective coefficients, one per variable. */
  objective: readonly number[];
  /** Constraint rows Aᵢ (length = variables). */
  rows: readonly (readonly number[])[];
  /** Right-hand sides, each ≥ 0. */
  bounds: readonly number[];
}

export type LinearProgramResult = { status: 'optimal'; value: number; solution: number[] } | { status: 'unbounded' };

const tolerance = 1e-12;

/**
 * @example maximise({ objective: [1, 1], rows: [[1, 2], [3, 1]], bounds: [4, 6] })
 * // { status: 'optimal', value: 2.8, solution: [1.6, 1.2] }
 */
export function maximise(program: LinearProgram): LinearProgramResult {
  const variables = program.objective.length;
  const constraints = program.rows.length;
  if (program.bounds.some((bound) => !(bound >= 0))) throw new RangeError('maximise: every bound must be ≥ 0 (the origin must be feasible)');
  // Tableau rows: [A | I | b]; the objective row holds −c (reduced costs) and the value.
  const width = variables + constraints + 1;
  const tableau = program.rows.map((row, index) => {
    const line = new Array<number>(width).fill(0);
    row.forEach((value, column) => (line[column] = value));
    line[variables + index] = 1;
    line[width - 1] = program.bounds[index]!;
    return line;
  });
  const objectiveRow = new Array<number>(width).fill(0);
  program.objective.forEach((value, column) => (objectiveRow[column] = -value));
  const basis = Array.from({ length: constraints }, (_, index) => variables + index);

  for (let pivot = 0; pivot < 50_000; pivot++) {
    // Bland: the lowest-index column with a negative reduced cost enters.
    let entering = -1;
    for (let column = 0; column < width - 1; column++) {
      if (objectiveRow[column]! < -tolerance) {
        entering = column;
        break;
      }
    }
    if (entering < 0) break;
    // Ratio test; ties go to the lowest basic variable index (Bland).
    let leaving = -1;
    let bestRatio = Infinity;
    for (let row = 0; row < constraints; row++) {
      const coefficient = tableau[row]![entering]!;
      if (coefficient <= tolerance) continue;
      const ratio = tableau[row]![width - 1]! / coefficient;
      if (ratio < bestRatio - tolerance || (Math.abs(ratio - bestRatio) <= tolerance && basis[row]! < basis[leaving]!)) {
        bestRatio = ratio;
        leaving = row;
      }
    }
    if (leaving < 0) return { status: 'unbounded' };
    const pivotRow = tableau[leaving]!;
    const pivotValue = pivotRow[entering]!;
    for (let column = 0; column < width; column++) pivotRow[column]! /= pivotValue;
    for (const line of [...tableau, objectiveRow]) {
      if (line === pivotRow) continue;
      const factor = line[entering]!;
      if (factor === 0) continue;
      for (let column = 0; column < width; column++) line[column]! -= factor * pivotRow[column]!;
    }
    basis[leaving] = entering;
  }
  const solution = new Array<number>(variables).fill(0);
  basis.forEach((variable, row) => {
    if (variable < variables) solution[variable] = tableau[row]![width - 1]!;
  });
  return { status: 'optimal', value: objectiveRow[width - 1]!, solution };
}
