/** Injection tokens of the recommender's shared providers. */
export const RECOMMENDER_CONFIG = Symbol('RECOMMENDER_CONFIG');
export const DB = Symbol('DB');
export const REDIS = Symbol('REDIS');
