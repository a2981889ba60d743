import { onUnhandledRejection } from './abandoned-queries';

describe('onUnhandledRejection', () => {
  const logger = { warn: jest.fn() };
  afterEach(() => logger.warn.mockReset());

  it('logs a query that failed after nobody waited for it, and goes on', () => {
    expect(() => onUnhandledRejection(new Error('Query read timeout'), logger)).not.toThrow();
    expect(() =>
      onUnhandledRejection(new Error('Connection terminated unexpectedly'), logger),
    ).not.toThrow();
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[0]?.[0]).toContain('Query read timeout');
  });

  it('rethrows anything else, so that the process ends as by default', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => onUnhandledRejection(bug, logger)).toThrow(bug);
    expect(() => onUnhandledRejection('a string', logger)).toThrow('a string');
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
