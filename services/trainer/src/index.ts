export { createTrainerApp, type TrainerAppOptions } from './app';
export {
  loadTrainerConfig,
  trainerConfigSchema,
  type TrainerConfig,
} from './config/trainer-config';
export { TrainerHealthModule } from './health/health.module';
export { TrainingService } from './training/training.service';
export { decideActivation } from './training/activation-policy';
