import { ConfigError } from '@marquee/contracts';
import { loadTrainerConfig } from './trainer-config';

describe('loadTrainerConfig', () => {
  it('applies the defaults', () => {
    const config = loadTrainerConfig({});
    expect(config).toMatchObject({
      bullPrefix: 'bull',
      port: 4002,
      activationMargins: { rmse: 0.02, ndcg: 0.02 },
      trainOnStart: true,
    });
    expect(config.maxEpochs).toBeNull();
    expect(loadTrainerConfig({ TRAIN_MAX_EPOCHS: '' }).maxEpochs).toBeNull();
  });

  it('reads the flags and numbers from strings', () => {
    const config = loadTrainerConfig({
      TRAIN_ON_START: 'false',
      TRAIN_MAX_EPOCHS: '7',
      ACTIVATION_MARGIN: '-0.5',
      ACTIVATION_NDCG_MARGIN: '0.05',
    });
    expect(config).toMatchObject({
      trainOnStart: false,
      maxEpochs: 7,
      activationMargins: { rmse: -0.5, ndcg: 0.05 },
    });
  });

  it('takes an nDCG@10 margin from 0 to 1, the default when empty', () => {
    const margin = (value: string) => loadTrainerConfig({ ACTIVATION_NDCG_MARGIN: value });
    expect(margin('0').activationMargins.ndcg).toBe(0);
    expect(margin('1').activationMargins.ndcg).toBe(1);
    expect(margin('').activationMargins.ndcg).toBe(0.02);
    expect(margin(' ').activationMargins.ndcg).toBe(0.02);
    expect(() => margin('-0.01')).toThrow(/ACTIVATION_NDCG_MARGIN: must be between 0 and 1/);
    expect(() => margin('1.5')).toThrow(/ACTIVATION_NDCG_MARGIN: must be between 0 and 1/);
    expect(() => margin('two')).toThrow(/ACTIVATION_NDCG_MARGIN: must be a number/);
    expect(() => margin('Infinity')).toThrow(/ACTIVATION_NDCG_MARGIN/);
  });

  it('trains the best model by default, the faithful one on request', () => {
    expect(loadTrainerConfig({}).model).toBe('best');
    expect(loadTrainerConfig({ TRAIN_MODEL: 'faithful' }).model).toBe('faithful');
    expect(() => loadTrainerConfig({ TRAIN_MODEL: 'neumf' })).toThrow(/TRAIN_MODEL/);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadTrainerConfig({
        REDIS_URL: 'nope',
        TRAIN_ON_START: 'yes',
        TRAIN_MAX_EPOCHS: '0',
        ACTIVATION_NDCG_MARGIN: '-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/TRAIN_ON_START: must be true, false, 1 or 0/);
    expect(problems).toMatch(/TRAIN_MAX_EPOCHS/);
    expect(problems).toMatch(/ACTIVATION_NDCG_MARGIN/);
  });
});
