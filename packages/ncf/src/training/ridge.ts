import { solveSymmetricPositive } from '../serving/cholesky';

/**
 * Ridge least squares by normal equations: rows are added one at a time (x, y, weight), and
 * solve(ridge) returns argmin_w sum weight * (x.w - y)^2 + ridge * |w|^2. Memory is dim^2
 * whatever the number of rows.
 */
export class RidgeAccumulator {
  /** Lower triangle of X^T W X, row-major dim x dim. */
  private readonly gram: Float64Array;
  private readonly moment: Float64Array;
  private count = 0;

  constructor(readonly dim: number) {
    if (!Number.isInteger(dim) || dim < 1) {
      throw new RangeError(`dim must be a positive integer, got ${dim}`);
    }
    this.gram = new Float64Array(dim * dim);
    this.moment = new Float64Array(dim);
  }

  /** Rows added so far. */
  get rows(): number {
    return this.count;
  }

  add(x: ArrayLike<number>, y: number, weight = 1): void {
    const { dim, gram, moment } = this;
    if (x.length !== dim) throw new RangeError(`row has ${x.length} values, expected ${dim}`);
    for (let a = 0; a < dim; a++) {
      const wa = weight * (x[a] as number);
      if (wa === 0) continue;
      moment[a] = (moment[a] as number) + wa * y;
      for (let c = 0; c <= a; c++) {
        gram[a * dim + c] = (gram[a * dim + c] as number) + wa * (x[c] as number);
      }
    }
    this.count++;
  }

  /** The ridge solution; ridge > 0 makes it unique even with no rows or constant columns. */
  solve(ridge: number): Float64Array {
    if (!(ridge >= 0)) throw new RangeError(`ridge must be >= 0, got ${ridge}`);
    const matrix = Float64Array.from(this.gram);
    for (let k = 0; k < this.dim; k++) {
      matrix[k * this.dim + k] = (matrix[k * this.dim + k] as number) + ridge;
    }
    return solveSymmetricPositive(matrix, Float64Array.from(this.moment), this.dim);
  }
}
