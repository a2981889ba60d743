/** Hyperparameters of the NCF model and its training. */
export interface NcfConfig {
  embedDim: number;
  /** Units of the hidden dense layers (ReLU, each followed by Dropout); at least one. */
  hiddenUnits: number[];
  dropout: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation RMSE before training stops. */
  patience: number;
  validationFraction: number;
  seed: number;
}

/** The seed's model: embeddings of 32, MLP 64-32 with ReLU and Dropout. */
export const DEFAULT_NCF_CONFIG: NcfConfig = Object.freeze({
  embedDim: 32,
  hiddenUnits: Object.freeze([64, 32]) as number[],
  dropout: 0.2,
  learningRate: 0.001,
  batchSize: 256,
  maxEpochs: 20,
  patience: 2,
  validationFraction: 0.1,
  seed: 42,
});

const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every problem with a config, one line each; empty when it is valid. */
export function ncfConfigProblems(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return ['config must be an object'];
  const c = config as Record<string, unknown>;
  const problems: string[] = [];
  if (!isPositiveInt(c.embedDim)) problems.push('embedDim must be a positive integer');
  if (
    !Array.isArray(c.hiddenUnits) ||
    c.hiddenUnits.length === 0 ||
    !c.hiddenUnits.every(isPositiveInt)
  ) {
    problems.push('hiddenUnits must be a non-empty array of positive integers');
  }
  if (!isFiniteNumber(c.dropout) || c.dropout < 0 || c.dropout >= 1) {
    problems.push('dropout must be a number in [0, 1)');
  }
  if (!isFiniteNumber(c.learningRate) || c.learningRate <= 0) {
    problems.push('learningRate must be a positive number');
  }
  if (!isPositiveInt(c.batchSize)) problems.push('batchSize must be a positive integer');
  if (!isPositiveInt(c.maxEpochs)) problems.push('maxEpochs must be a positive integer');
  if (!isPositiveInt(c.patience)) problems.push('patience must be a positive integer');
  if (
    !isFiniteNumber(c.validationFraction) ||
    c.validationFraction <= 0 ||
    c.validationFraction >= 1
  ) {
    problems.push('validationFraction must be a number in (0, 1)');
  }
  if (typeof c.seed !== 'number' || !Number.isSafeInteger(c.seed)) {
    problems.push('seed must be an integer');
  }
  return problems;
}

export function assertValidNcfConfig(config: NcfConfig): void {
  const problems = ncfConfigProblems(config);
  if (problems.length > 0) throw new Error(`Invalid NCF config: ${problems.join('; ')}`);
}
