import { type ModelVersionSummary, modelDataSnapshot, modelMetrics } from '@marquee/contracts';
import { ModelStatus, type ModelVersionRow } from '@marquee/db';

/** A registry row as the API shows it: ISO dates, parsed metrics, no artifact. */
export function toModelVersionSummary(row: ModelVersionRow): ModelVersionSummary {
  const metrics = modelMetrics.safeParse(row.metrics);
  const dataSnapshot = modelDataSnapshot.safeParse(row.dataSnapshot);
  return {
    version: row.version,
    status: row.status,
    active: row.status === ModelStatus.ACTIVE,
    createdAt: row.createdAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
    activatedAt: row.activatedAt?.toISOString() ?? null,
    checksum: row.checksum,
    // A version still training has no metrics; unreadable ones are shown as none, not a 500.
    metrics: metrics.success ? metrics.data : null,
    dataSnapshot: dataSnapshot.success ? dataSnapshot.data : null,
    failureReason: row.failureReason,
    activationReason: row.activationReason,
  };
}
