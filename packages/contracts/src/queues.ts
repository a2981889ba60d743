/**
 * The one catalogue of queues, jobs, events and their options. Every service imports these
 * names; none spells a queue or event name itself.
 */
export const QUEUES = {
  recommend: 'recommend',
  train: 'train',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Job names. A movie-for-me job (one film's predicted rating and similar films for one user)
 * rides on the recommend queue: the same replicas, the same result listener in the gateway.
 */
export const JOBS = {
  recommend: 'recommend',
  movieForMe: 'movie-for-me',
  train: 'train',
} as const;

/** Broadcast over Redis pub/sub (@nestjs/microservices Redis transport). */
export const EVENTS = {
  modelPublished: 'model.published',
} as const;

/** How long the gateway waits for a recommendation before answering 504. */
export const RECOMMEND_DEADLINE_MS = 5_000;

/**
 * Options of every job, set here only. A recommend job is not retried: by the time a retry
 * ran, its HTTP request would be over. Its result reaches the gateway in the 'completed' event
 * (which carries the return value), and nothing reads a finished recommend job again, so it is
 * deleted as it completes: keeping thousands of them cost Redis memory and a trim of the
 * completed set on every job. Failed ones stay a while, for whoever looks into the failure.
 */
export const JOB_OPTIONS = {
  recommend: {
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: { age: 300, count: 10_000 },
  },
  movieForMe: {
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: { age: 300, count: 10_000 },
  },
  train: {
    attempts: 1,
    // One train job waiting or running at a time: while one is, adding another adds nothing and
    // returns that one's id. The key is dropped when the job completes or fails.
    deduplication: { id: 'train' },
    removeOnComplete: { age: 7 * 24 * 3600, count: 100 },
    removeOnFail: { age: 7 * 24 * 3600, count: 100 },
  },
} as const;

/**
 * Worker lock settings for recommend jobs: short, so that a job held by a replica that died is
 * seen as stalled and redelivered well inside the HTTP deadline.
 */
export const RECOMMEND_WORKER_OPTIONS = {
  lockDuration: 2_000,
  stalledInterval: 1_000,
  maxStalledCount: 1,
} as const;

/**
 * The trainer holds a train job for minutes; its lock is renewed while it trains. When a trainer
 * dies mid-job its lock lapses, and within lockDuration + 2 stalledInterval the job is handed to
 * the next trainer; a job whose trainer dies a second time fails.
 */
export const TRAIN_WORKER_OPTIONS = {
  lockDuration: 60_000,
  stalledInterval: 30_000,
  maxStalledCount: 1,
} as const;
