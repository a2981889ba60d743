import { modelMetrics, type ModelMetrics } from '@marquee/contracts';

export interface ActivationDecision {
  activate: boolean;
  reason: string;
}

/** How much worse than the active version a new one may be and still replace it. */
export interface ActivationMargins {
  /** Added to the active version's validation RMSE (ACTIVATION_MARGIN). */
  rmse: number;
  /** Taken off the active version's new-user nDCG@10 (ACTIVATION_NDCG_MARGIN). */
  ndcg: number;
}

/** The figures of a version the rules compare. */
export type ComparedMetrics = Pick<ModelMetrics, 'valRmse' | 'newUser'>;

/**
 * Whether a freshly trained version should replace the active one. The first model always does;
 * a later one only if both rules hold:
 * - its validation RMSE is at most the active one's + margins.rmse (the stars shown);
 * - its held-out new users' nDCG@10 is at least the active one's - margins.ndcg (the ten movies
 *   shown). When the active version has no nDCG@10 recorded (trained before it was measured), or
 *   either version held out no users, the RMSE rule decides alone, and the reason says so.
 * The reason names each rule's figures, the failing ones first.
 */
export function decideActivation(
  candidate: ComparedMetrics,
  active: { version: number; metrics: unknown } | null,
  margins: ActivationMargins,
): ActivationDecision {
  if (!active) return { activate: true, reason: 'no model is active yet' };
  const parsed = modelMetrics.safeParse(active.metrics);
  if (!parsed.success) {
    return {
      activate: true,
      reason: `active version ${active.version} has no readable metrics to compare with`,
    };
  }
  const current = parsed.data;
  const versus = `active version ${active.version}'s`;

  const rmseLimit = current.valRmse + margins.rmse;
  const rmseHolds = candidate.valRmse <= rmseLimit;
  const rules = [
    {
      holds: rmseHolds,
      text:
        `valRmse ${candidate.valRmse.toFixed(4)} ${rmseHolds ? '<=' : '>'} ${versus} ` +
        `${current.valRmse.toFixed(4)} + margin ${margins.rmse} = ${rmseLimit.toFixed(4)}`,
    },
  ];

  const candidateNdcg = candidate.newUser?.ndcg10;
  const activeNdcg = current.newUser?.ndcg10;
  let fallback: string | null = null;
  if (candidateNdcg === undefined) {
    fallback = 'this version held out no new users to measure nDCG@10 on';
  } else if (!current.newUser) {
    fallback = `active version ${active.version} has no held-out new users' figures`;
  } else if (activeNdcg === undefined) {
    fallback = `active version ${active.version} has no new-user nDCG@10 recorded`;
  } else {
    const ndcgLimit = activeNdcg - margins.ndcg;
    const ndcgHolds = candidateNdcg >= ndcgLimit;
    rules.push({
      holds: ndcgHolds,
      text:
        `new-user nDCG@10 ${candidateNdcg.toFixed(4)} ${ndcgHolds ? '>=' : '<'} ${versus} ` +
        `${activeNdcg.toFixed(4)} - margin ${margins.ndcg} = ${ndcgLimit.toFixed(4)}`,
    });
  }

  const failing = rules.filter((r) => !r.holds).map((r) => r.text);
  const holding = rules.filter((r) => r.holds).map((r) => r.text);
  const figures = [...failing, ...holding].join('; ');
  const note = fallback === null ? '' : ` (RMSE rule alone: ${fallback})`;
  return failing.length === 0
    ? { activate: true, reason: `${figures}${note}` }
    : { activate: false, reason: `not better enough: ${figures}${note}` };
}
