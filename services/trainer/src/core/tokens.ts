/** Injection tokens of the trainer's own shared providers (DB and REDIS: @marquee/nest-common). */
export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');
/** Partial NcfConfig merged over the TRAIN_MODEL's config (tests shrink the model with it). */
export const NCF_OVERRIDES = Symbol('NCF_OVERRIDES');
/** The train worker's lock and stalled-job settings, TrainLocks (tests shorten them). */
export const TRAIN_LOCKS = Symbol('TRAIN_LOCKS');

/** How long a train job's lock lives unrenewed, and how often lapsed locks are looked for. */
export interface TrainLocks {
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
}
