export { createRecommenderApp, type RecommenderAppOptions } from './app';
export {
  loadRecommenderConfig,
  recommenderConfigSchema,
  type RecommenderConfig,
} from './config/recommender-config';
export { RecommenderHealthModule } from './health/health.module';
export { ModelHolder, type ModelLease, type ServingModel } from './model/model-holder';
export { NO_MODEL_MESSAGE } from './recommend/recommendation.service';
