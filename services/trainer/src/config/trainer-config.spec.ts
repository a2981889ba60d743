import { ConfigError } from '@marquee/contracts';
import { loadTrainerConfig } from './trainer-config';

describe('loadTrainerConfig', () => {
  it('applies the defaults', () => {
    const config = loadTrainerConfig({});
    expect(config).toMatchObject({
      BULL_PREFIX: 'bull',
      TRAINER_PORT: 4002,
      ACTIVATION_MARGIN: 0.02,
      TRAIN_ON_START: true,
    });
    expect(config.TRAIN_MAX_EPOCHS).toBeUndefined();
    expect(loadTrainerConfig({ TRAIN_MAX_EPOCHS: '' }).TRAIN_MAX_EPOCHS).toBeUndefined();
  });

  it('reads the flags and numbers from strings', () => {
    const config = loadTrainerConfig({
      TRAIN_ON_START: 'false',
      TRAIN_MAX_EPOCHS: '7',
      ACTIVATION_MARGIN: '-0.5',
    });
    expect(config).toMatchObject({
      TRAIN_ON_START: false,
      TRAIN_MAX_EPOCHS: 7,
      ACTIVATION_MARGIN: -0.5,
    });
  });

  it('trains the best model by default, the faithful one on request', () => {
    expect(loadTrainerConfig({}).TRAIN_MODEL).toBe('best');
    expect(loadTrainerConfig({ TRAIN_MODEL: 'faithful' }).TRAIN_MODEL).toBe('faithful');
    expect(() => loadTrainerConfig({ TRAIN_MODEL: 'neumf' })).toThrow(/TRAIN_MODEL/);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadTrainerConfig({ REDIS_URL: 'nope', TRAIN_ON_START: 'yes', TRAIN_MAX_EPOCHS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/TRAIN_ON_START: must be true, false, 1 or 0/);
    expect(problems).toMatch(/TRAIN_MAX_EPOCHS/);
  });
});
