import type { FoldInMethod } from '@marquee/ncf';
import type { RecommenderConfig } from '../config/recommender-config';

/** The scorer's fold-in behind the operator's RECOMMEND_FOLD_IN choice. */
export function foldInMethodFor(choice: RecommenderConfig['foldIn']): FoldInMethod {
  return choice === 'faithful' ? 'average' : 'map';
}
