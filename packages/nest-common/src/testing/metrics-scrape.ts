import { parsePrometheusText, type PrometheusScrape } from '../observability/prometheus-text';

/**
 * GET `${baseUrl}/metrics` in a jest test: asserts a 200 in the Prometheus text format
 * (version 0.0.4) and returns the parsed samples.
 */
export async function scrapeMetrics(baseUrl: string): Promise<PrometheusScrape> {
  const res = await fetch(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}
