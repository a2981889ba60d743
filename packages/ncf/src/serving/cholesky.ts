/**
 * The one linear solver: Cholesky factorisation of a symmetric positive definite matrix, A = L·Lᵀ,
 * and what is built on it: solving A x = b (the fold-in's Gauss-Newton steps, the new-user stack's
 * ridge fit) and inverting A (the lab's EASE baseline). Cholesky is the cheapest stable
 * factorisation for SPD matrices and fails exactly when the matrix is not positive definite,
 * which doubles as the check.
 *
 * Matrices are row-major n × n Float64Arrays; every loop walks rows contiguously, which matters
 * more than flop count in JavaScript.
 */

/**
 * Overwrites the lower triangle of `a` (row-major n × n) with its Cholesky factor L, row by row:
 * L_ij = (a_ij − Σ_{k<j} L_ik L_jk) / L_jj, L_ii = sqrt(a_ii − Σ_{k<i} L_ik²). Only the lower
 * triangle is read; the upper one is left as it is. Returns `a`.
 *
 * @throws RangeError if a pivot is not positive (the matrix is not positive definite, or holds
 *   NaN).
 */
export function choleskyFactor(a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j] as number;
      for (let k = 0; k < j; k++) s -= (a[ri + k] as number) * (a[rj + k] as number);
      if (i === j) {
        // `!(s > 0)` also catches NaN from non-finite input.
        if (!(s > 0)) {
          throw new RangeError(`matrix is not positive definite (pivot ${i} = ${s})`);
        }
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / (a[rj + j] as number);
      }
    }
  }
  return a;
}

/**
 * Solves A x = b for a symmetric positive definite A given by its lower triangle (row-major
 * n x n): choleskyFactor, then forward and back substitution. A is overwritten by its factor.
 */
export function solveSymmetricPositive(a: Float64Array, b: Float64Array, n: number): Float64Array {
  choleskyFactor(a, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (a[i * n + k] as number) * (y[k] as number);
    y[i] = s / (a[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (a[k * n + i] as number) * (x[k] as number);
    x[i] = s / (a[i * n + i] as number);
  }
  return x;
}

/**
 * Inverse of a symmetric positive definite n × n matrix (row-major), via A = L·Lᵀ and
 * A⁻¹ = L⁻ᵀ·L⁻¹. `a` is left as it is. Cost ≈ n³ flops; memory: one n² workspace plus the n²
 * result.
 *
 * @throws RangeError if `a` is not n × n, not symmetric, or not positive definite.
 */
export function choleskyInverse(a: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0 || a.length !== n * n) {
    throw new RangeError(
      `choleskyInverse: expected ${n} × ${n} = ${n * n} entries, got ${a.length}`,
    );
  }
  assertSymmetric(a, n);

  // Lower factor L in a copy (its upper triangle, a's, is never read).
  let w: Float64Array;
  try {
    w = choleskyFactor(Float64Array.from(a), n);
  } catch (error) {
    throw new RangeError(`choleskyInverse: ${(error as Error).message}`);
  }

  // L⁻¹ in place, row by row: row_i(L⁻¹) = (e_i − Σ_{k<i} L_ik · row_k(L⁻¹)) / L_ii.
  // Rows k < i already hold L⁻¹; row i still holds L, so it is copied out first.
  const li = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k <= i; k++) li[k] = w[ri + k] as number;
    row.fill(0, 0, i + 1);
    row[i] = 1;
    for (let k = 0; k < i; k++) {
      const c = li[k] as number;
      const rk = k * n;
      for (let j = 0; j <= k; j++) row[j] = (row[j] as number) - c * (w[rk + j] as number);
    }
    const inv = 1 / (li[i] as number);
    for (let j = 0; j <= i; j++) w[ri + j] = (row[j] as number) * inv;
  }

  // A⁻¹ = Σ_k row_k(L⁻¹)ᵀ · row_k(L⁻¹): rank-one updates of the lower triangle, then mirror.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const c = w[rk + i] as number;
      if (c === 0) continue;
      const ro = i * n;
      for (let j = 0; j <= i; j++)
        out[ro + j] = (out[ro + j] as number) + c * (w[rk + j] as number);
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j] as number;
  }
  return out;
}

/** Only the lower triangle is factorised, so an asymmetric input would be silently misread. */
function assertSymmetric(a: Float64Array, n: number): void {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i] as number));
  const tol = 1e-12 * scale;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = Math.abs((a[i * n + j] as number) - (a[j * n + i] as number));
      if (!(d <= tol)) {
        throw new RangeError(`choleskyInverse: matrix is not symmetric at (${i}, ${j})`);
      }
    }
  }
}
