/**
 * Closed forms of the cross-entropy ULPM (spec §2): Example 3.1's bad KKT direction, the
 * minimal loss on a sphere (Theorem 3.3) and the margin bound of Lemma 3.1.
 */

/** Example 3.1's direction M (4 x 4, symmetric, M^2 = 2M), row-major = column-major. */
export const EXAMPLE31_M: readonly number[] = [1, -1, 0, 0, -1, 1, 0, 0, 0, 0, 1, -1, 0, 0, -1, 1];

/** ||M||_F^2: every one of the 8 non-zero entries is ±1. */
export const EXAMPLE31_M_NORM2 = 8;

/** Sum-reduction loss at W = H = C_s M: every margin is 2 C_s^2, L = 8 log(1 + e^{-2 C_s^2}). */
export function example31Loss(Cs: number): number {
  return 8 * Math.log1p(Math.exp(-2 * Cs * Cs));
}

/**
 * The scalar g with ∇_W L = ∇_H L = -C_s g M at W = H = C_s M (sum reduction):
 * g = (2 + 2e^{-2C^2}) / (2 + e^{-2C^2} + e^{2C^2}). The paper's Eq. (9) prints the denominator
 * 2 + 2e^{-2C^2} + 2e^{2C^2}, which is not the derivative of its own loss (spec §6 pitfall 2).
 */
export function example31GradScale(Cs: number): number {
  const a = Math.exp(-2 * Cs * Cs);
  return (2 + 2 * a) / (2 + a + 1 / a);
}

/**
 * Theorem 3.3: the smallest sum-reduction loss on the sphere ||W||_F^2 + ||H||_F^2 = R^2,
 * reached exactly at neural collapse with ||W||_F = ||H||_F:
 * L_min(R^2) = K n log(1 + (K-1) exp(-R^2 / (2 sqrt(n) (K-1)))).
 */
export function sphereMinLoss(K: number, n: number, R2: number): number {
  return K * n * Math.log1p((K - 1) * Math.exp(-R2 / (2 * Math.sqrt(n) * (K - 1))));
}

/**
 * Lemma 3.1: q_min <= (||W||_F^2 + ||H||_F^2) / (2 (K-1) sqrt(n)), with equality at balanced
 * neural collapse; this is also the margin of the sphere's minimiser.
 */
export function marginBound(K: number, n: number, R2: number): number {
  return R2 / (2 * (K - 1) * Math.sqrt(n));
}
