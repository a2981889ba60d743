/** Injection token of the recommender's config (DB and REDIS: @marquee/nest-common). */
export const RECOMMENDER_CONFIG = Symbol('RECOMMENDER_CONFIG');
