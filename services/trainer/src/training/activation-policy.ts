import { modelMetrics } from '@marquee/contracts';

export interface ActivationDecision {
  activate: boolean;
  reason: string;
}

/**
 * Whether a freshly trained version should replace the active one: the first model always
 * does; later ones only if their validation RMSE is no worse than the active one's plus margin.
 */
export function decideActivation(
  candidateValRmse: number,
  active: { version: number; metrics: unknown } | null,
  margin: number,
): ActivationDecision {
  if (!active) return { activate: true, reason: 'no model is active yet' };
  const parsed = modelMetrics.safeParse(active.metrics);
  if (!parsed.success) {
    return {
      activate: true,
      reason: `active version ${active.version} has no readable metrics to compare with`,
    };
  }
  const limit = parsed.data.valRmse + margin;
  const comparison =
    `valRmse ${candidateValRmse.toFixed(4)} vs active version ${active.version}'s ` +
    `${parsed.data.valRmse.toFixed(4)} + margin ${margin} = ${limit.toFixed(4)}`;
  return candidateValRmse <= limit
    ? { activate: true, reason: comparison }
    : { activate: false, reason: `not better enough: ${comparison}` };
}
