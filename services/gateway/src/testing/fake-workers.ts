import {
  QUEUES,
  RECOMMEND_WORKER_OPTIONS,
  recommendJobData,
  redisOptionsFromUrl,
  type RecommendJobData,
  type RecommendJobResult,
  type TrainJobData,
} from '@marquee/contracts';
import { Queue, Worker, type Job } from 'bullmq';
import type { TestGateway } from './gateway-test-kit';

/**
 * Stands in for a recommender replica: a real BullMQ worker on the gateway's recommend queue and
 * prefix that answers each job's validated data with `answer` instead of a model. `redisUrl`:
 * its own way to the gateway's Redis (e.g. around the proxy a test cuts the gateway's off by).
 */
export async function startFakeRecommender(
  gw: TestGateway,
  answer: (data: RecommendJobData, job: Job) => RecommendJobResult | Promise<RecommendJobResult>,
  { redisUrl = gw.config.redisUrl, ...options }: { lockDuration?: number; redisUrl?: string } = {},
): Promise<Worker> {
  const worker = new Worker(
    QUEUES.recommend,
    async (job) => answer(recommendJobData.parse(job.data), job),
    {
      connection: redisOptionsFromUrl(redisUrl),
      prefix: gw.config.bullPrefix,
      ...RECOMMEND_WORKER_OPTIONS,
      ...options,
    },
  );
  await worker.waitUntilReady();
  return worker;
}

/** The gateway's train queue, as a test sees it (to read or add train jobs). */
export function openTrainQueue(gw: TestGateway): Queue<TrainJobData> {
  return new Queue<TrainJobData>(QUEUES.train, {
    connection: redisOptionsFromUrl(gw.config.redisUrl),
    prefix: gw.config.bullPrefix,
  });
}
