// Layer 4 of 4, training: what makes a servable model from ratings: the train loop and its data splits, the ranking network's training, the new-user stack's fit, the reason lists; imports any layer below.
//
// Below: what the services and the lab use of this layer.
export { movieFeatureTokens } from './movie-features';
export { NEW_USER_MIN_HIDDEN, holdOutUsers, type Revealed } from './new-user-split';
export { binaryNdcg, trainRanking, usesSampledSoftmax, type RankingData } from './ranking-train';
export { REASON_NEIGHBOURS, buildReasonNeighbours } from './reason-neighbours';
export { trainNcf, type EpochProgress, type NcfTrainingMetrics } from './train';
export { trainForServing, type ServingTraining } from './train-for-serving';
export { groupRows, selectRows, type TrainingTriples } from './triples';
