/**
 * Logistic regression by Newton–Raphson (iteratively reweighted least squares; McCullagh &
 * Nelder 1989, *Generalized Linear Models*, §4.4), with a small ridge penalty λ‖β‖² on the
 * slopes (not the intercept) so that a feature that separates the training cases perfectly
 * keeps a finite coefficient (le Cessie & van Houwelingen 1992, "Ridge estimators in
 * logistic regression", Applied Statistics 41(1)).
 */

/** P(y = 1 | x) = 1 / (1 + exp(−(β₀ + Σ βⱼ xⱼ))). */
export function logistic(coefficients: readonly number[], x: readonly number[]): number {
  let linear = coefficients[0]!;
  for (let index = 0; index < x.length; index++) linear += coefficients[index + 1]! * x[index]!;
  return 1 / (1 + Math.exp(-linear));
}

/**
 * The coefficients [β₀, β₁, …] maximising the penalised log likelihood of 0/1 outcomes `y`
 * given feature rows `x` (without the intercept column).
 *
 * Cost: O(rounds · n · p²), at most 100 rounds.
 *
 * @example fitLogistic([[0], [0], [1], [1], [1]], [0, 1, 0, 1, 1], 0) // ≈ [0, 0.693]: logit(1/2) and logit(2/3) − logit(1/2) = ln 2
 */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], ridge = 1e-3): number[] {
  const width = (x[0]?.length ?? 0) + 1;
  const beta = new Array<number>(width).fill(0);
  for (let round = 0; round < 100; round++) {
    const gradient = new Array<number>(width).fill(0);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    x.forEach((row, index) => {
      const features = [1, ...row];
      const p = logistic(beta, row);
      const weight = p * (1 - p);
      for (let i = 0; i < width; i++) {
        gradient[i]! += (y[index]! - p) * features[i]!;
        for (let j = 0; j < width; j++) hessian[i]![j]! += weight * features[i]! * features[j]!;
      }
    });
    for (let i = 1; i < width; i++) {
      gradient[i]! -= 2 * ridge * beta[i]!;
      hessian[i]![i]! += 2 * ridge;
    }
    hessian[0]![0]! += 1e-12;
    const step = solve(hessian, gradient);
    let moved = 0;
    for (let i = 0; i < width; i++) {
      beta[i]! += step[i]!;
      moved = Math.max(moved, Math.abs(step[i]!));
    }
    if (moved < 1e-10) break;
  }
  return beta;
}

/** Solves A·s = b by Gaussian elimination with partial pivoting (A symmetric positive definite here). */
function solve(matrix: readonly (readonly number[])[], rhs: readonly number[]): number[] {
  const size = rhs.length;
  const rows = matrix.map((row, index) => [...row, rhs[index]!]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) if (Math.abs(rows[row]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = row;
    [rows[column], rows[pivot]] = [rows[pivot]!, rows[column]!];
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = rows[row]![column]! / rows[column]![column]!;
      for (let k = column; k <= size; k++) rows[row]![k]! -= factor * rows[column]![k]!;
    }
  }
  return rows.map((row, index) => row[size]! / row[index]!);
}
