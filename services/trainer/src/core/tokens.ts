/** Injection tokens of the trainer's own shared providers (DB and REDIS: @marquee/nest-common). */
export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');
/** Partial NcfConfig merged over the TRAIN_MODEL's config (tests shrink the model with it). */
export const NCF_OVERRIDES = Symbol('NCF_OVERRIDES');
