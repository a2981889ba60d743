/**
 * mulberry32, the seeded generator, is the model's (@marquee/ncf/random: a file that imports
 * nothing); @marquee/movielens (synthetic data) and the load scripts take it from here.
 */
export { mulberry32 } from '@marquee/ncf/random';
