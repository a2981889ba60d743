import { parsePrometheusText, sumSamples, type PrometheusScrape } from '@marquee/nest-common';

/** Scrapes of the gateway and every replica at one moment. */
export interface Snapshot {
  gateway: PrometheusScrape;
  replicas: PrometheusScrape[];
}

export async function scrape(url: string): Promise<PrometheusScrape> {
  const res = await fetch(`${url}/metrics`);
  if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
  return parsePrometheusText(await res.text());
}

/** `gatewayMetricsUrl`: the gateway's metrics port (ProcessGroup.gatewayMetricsUrl), not its API port. */
export async function snapshot(
  gatewayMetricsUrl: string,
  replicaUrls: string[],
): Promise<Snapshot> {
  const [gateway, ...replicas] = await Promise.all([gatewayMetricsUrl, ...replicaUrls].map(scrape));
  return { gateway: gateway as PrometheusScrape, replicas };
}

/** Mean milliseconds per request of one part of the path. */
export interface Part {
  part: string;
  ms: number;
}

/** Mean of a histogram between two scrapes (sum and count deltas), in ms. */
function meanMs(
  before: PrometheusScrape[],
  after: PrometheusScrape[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const total = (list: PrometheusScrape[], suffix: string) =>
    list.reduce((s, scrape) => s + sumSamples(scrape, `${name}_${suffix}`, labels), 0);
  const count = total(after, 'count') - total(before, 'count');
  return count > 0 ? ((total(after, 'sum') - total(before, 'sum')) / count) * 1000 : NaN;
}

/**
 * Where a recommendation request's time goes, from the services' own histograms over a run:
 * the gateway's stages, the wait for the job split into time queued (added, not yet taken),
 * the recommender's work (fold-in and scoring), and the rest of the round trip (Redis calls,
 * the completion event reaching the gateway). `other` is the HTTP latency none of these cover
 * (routing, cookies, rate limit, JSON, event-loop queueing in the gateway).
 */
export function breakdown(before: Snapshot, after: Snapshot): Part[] {
  const g = (name: string, labels: Record<string, string> = {}) =>
    meanMs([before.gateway], [after.gateway], name, labels);
  const r = (name: string, labels: Record<string, string> = {}) =>
    meanMs(before.replicas, after.replicas, name, labels);
  const total = g('marquee_http_request_duration_seconds', { route: '/api/recommendations' });
  const activeModel = g('marquee_gateway_recommend_stage_seconds', { stage: 'active_model' });
  const userData = g('marquee_gateway_recommend_stage_seconds', { stage: 'user_data' });
  const join = g('marquee_gateway_recommend_stage_seconds', { stage: 'movie_join' });
  const wait = g('marquee_recommend_wait_seconds', { outcome: 'ok' });
  const queued = r('marquee_recommender_job_queue_seconds');
  const scoring = r('marquee_recommender_job_duration_seconds', { outcome: 'ok' });
  const roundTrip = wait - queued - scoring;
  const other = total - activeModel - userData - join - wait;
  return [
    { part: 'gateway: active model check', ms: activeModel },
    { part: 'gateway: read user (Postgres)', ms: userData },
    { part: 'queue: waiting for a replica', ms: queued },
    { part: 'recommender: fold-in + scoring', ms: scoring },
    { part: 'queue: Redis round trips + completion event', ms: roundTrip },
    { part: 'gateway: join films (Postgres)', ms: join },
    { part: 'gateway: HTTP, middleware, event loop', ms: other },
    { part: 'total (gateway HTTP latency)', ms: total },
  ];
}
