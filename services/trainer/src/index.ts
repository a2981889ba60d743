export { createTrainerApp, type TrainerAppOptions } from './app';
export {
  loadTrainerConfig,
  trainerConfigSchema,
  type TrainerConfig,
} from './config/trainer-config';
export { TrainingService } from './training/training.service';
export { decideActivation } from './training/activation-policy';
