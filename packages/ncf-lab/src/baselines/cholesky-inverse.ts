/**
 * Inverse of a symmetric positive definite n × n matrix (row-major), via A = L·Lᵀ and
 * A⁻¹ = L⁻ᵀ·L⁻¹. Cholesky is the cheapest stable factorisation for SPD matrices and fails
 * exactly when the matrix is not positive definite, which doubles as the check.
 *
 * Every loop walks rows contiguously (row-major), which matters more than flop count in
 * JavaScript. Cost ≈ n³ flops; memory: one n² workspace plus the n² result.
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

  // Lower factor L, row by row: L_ij = (a_ij − Σ_{k<j} L_ik L_jk) / L_jj.
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= w[ri + k]! * w[rj + k]!;
      if (i === j) {
        // `!(s > 0)` also catches NaN from non-finite input.
        if (!(s > 0)) {
          throw new RangeError(
            `choleskyInverse: matrix is not positive definite (pivot ${i} = ${s})`,
          );
        }
        w[ri + i] = Math.sqrt(s);
      } else {
        w[ri + j] = s / w[rj + j]!;
      }
    }
  }

  // L⁻¹ in place, row by row: row_i(L⁻¹) = (e_i − Σ_{k<i} L_ik · row_k(L⁻¹)) / L_ii.
  // Rows k < i already hold L⁻¹; row i still holds L, so it is copied out first.
  const li = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k <= i; k++) li[k] = w[ri + k]!;
    row.fill(0, 0, i + 1);
    row[i] = 1;
    for (let k = 0; k < i; k++) {
      const c = li[k]!;
      const rk = k * n;
      for (let j = 0; j <= k; j++) row[j]! -= c * w[rk + j]!;
    }
    const inv = 1 / li[i]!;
    for (let j = 0; j <= i; j++) w[ri + j] = row[j]! * inv;
  }

  // A⁻¹ = Σ_k row_k(L⁻¹)ᵀ · row_k(L⁻¹): rank-one updates of the lower triangle, then mirror.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const c = w[rk + i]!;
      if (c === 0) continue;
      const ro = i * n;
      for (let j = 0; j <= i; j++) out[ro + j]! += c * w[rk + j]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  }
  return out;
}

/** Only the lower triangle is factorised, so an asymmetric input would be silently misread. */
function assertSymmetric(a: Float64Array, n: number): void {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]!));
  const tol = 1e-12 * scale;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a[i * n + j]! - a[j * n + i]!);
      if (!(d <= tol)) {
        throw new RangeError(`choleskyInverse: matrix is not symmetric at (${i}, ${j})`);
      }
    }
  }
}
