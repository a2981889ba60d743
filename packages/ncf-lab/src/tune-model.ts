/**
 * Tries model hyperparameters on a rating split (ad-hoc exploration, not a test):
 *   npx tsx packages/ncf-lab/src/tune-model.ts <train.csv> <test.csv> '<NcfConfig overrides JSON>'
 * Prints one JSON line: the overrides and the split's RMSE / MAE.
 */
import { DEFAULT_NCF_CONFIG, type NcfConfig } from '@marquee/ncf';
import { evaluateRatingSplit } from './evaluate';
import { faithfulConfig } from './lab-config';
import { createProgress } from './progress';
import { readRatingsFile } from './ratings-input';

async function main() {
  const [trainPath, testPath, overridesJson = '{}'] = process.argv.slice(2);
  if (!trainPath || !testPath) {
    throw new Error("usage: tune-model.ts <train.csv> <test.csv> '<overrides JSON>'");
  }
  const overrides = JSON.parse(overridesJson) as Partial<NcfConfig>;
  const config = faithfulConfig(1);
  config.ncf = { ...DEFAULT_NCF_CONFIG, seed: 1, ...overrides };
  config.description = `exploration: DEFAULT_NCF_CONFIG with ${overridesJson}`;
  const result = await evaluateRatingSplit({
    train: await readRatingsFile(trainPath),
    test: await readRatingsFile(testPath),
    config,
    progress: createProgress(process.stderr),
  });
  const { rmse, mae, epochs, trainSeconds } = result;
  console.log(JSON.stringify({ overrides, rmse, mae, epochs, trainSeconds }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
