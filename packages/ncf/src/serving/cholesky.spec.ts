import { choleskyInverse, solveSymmetricPositive } from './cholesky';

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) out[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
    }
  }
  return out;
}

function expectIdentity(m: Float64Array, n: number, tol: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      expect(Math.abs(m[i * n + j]! - (i === j ? 1 : 0))).toBeLessThan(tol);
    }
  }
}

describe('choleskyInverse', () => {
  it('inverts a 2 × 2 matrix exactly', () => {
    const inv = choleskyInverse(Float64Array.of(2, 1, 1, 2), 2);
    const expected = [2 / 3, -1 / 3, -1 / 3, 2 / 3];
    inv.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
  });

  it('inverts a known 3 × 3 SPD matrix: A·A⁻¹ = I', () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const inv = choleskyInverse(a, 3);
    // A = L·Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]], so A⁻¹ is known in closed form.
    const expected = [1777 / 36, -122 / 9, 19 / 9];
    for (let j = 0; j < 3; j++) expect(inv[j]).toBeCloseTo(expected[j]!, 10);
    expectIdentity(multiply(a, inv, 3), 3, 1e-12);
    expectIdentity(multiply(inv, a, 3), 3, 1e-12);
  });

  it('inverts a larger random SPD matrix into a symmetric inverse', () => {
    const n = 40;
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const r = Float64Array.from({ length: n * n }, rand);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? 0.5 : 0;
        for (let k = 0; k < n; k++) s += r[i * n + k]! * r[j * n + k]!;
        a[i * n + j] = s;
      }
    }
    const inv = choleskyInverse(a, n);
    expectIdentity(multiply(a, inv, n), n, 1e-9);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
    }
  });

  it('handles the empty matrix', () => {
    expect(choleskyInverse(new Float64Array(0), 0)).toHaveLength(0);
  });

  it('rejects matrices that are not positive definite', () => {
    expect(() => choleskyInverse(Float64Array.of(1, 2, 2, 1), 2)).toThrow(RangeError);
    expect(() => choleskyInverse(Float64Array.of(1, 0, 0, 0), 2)).toThrow(/not positive definite/);
    expect(() => choleskyInverse(Float64Array.of(-1), 1)).toThrow(RangeError);
    expect(() => choleskyInverse(Float64Array.of(NaN), 1)).toThrow(RangeError);
  });

  it('rejects asymmetric or wrongly sized input', () => {
    expect(() => choleskyInverse(Float64Array.of(2, 1, 0, 2), 2)).toThrow(/not symmetric/);
    expect(() => choleskyInverse(Float64Array.of(1, 0, 0), 2)).toThrow(RangeError);
  });
});

describe('solveSymmetricPositive', () => {
  it('solves A x = b from the lower triangle', () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]], x = [1, -2, 3]
    const a = Float64Array.from([4, 0, 0, 2, 3, 0, 0, 1, 2]);
    const x = solveSymmetricPositive(a, Float64Array.from([0, -1, 4]), 3);
    expect(Array.from(x).map((v) => Number(v.toFixed(10)))).toEqual([1, -2, 3]);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() =>
      solveSymmetricPositive(Float64Array.from([1, 0, 2, 1]), Float64Array.of(1, 1), 2),
    ).toThrow(/not positive definite/);
  });
});
