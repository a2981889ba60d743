import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';

const blocked = { totalHits: 9, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 30 };
const allowed = { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };

function storage(increment: ThrottlerStorage['increment']): FailOpenThrottlerStorage {
  return new FailOpenThrottlerStorage({ increment }, 50);
}

describe('FailOpenThrottlerStorage', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it("passes the store's answer through", async () => {
    const store = storage(() => Promise.resolve(blocked));
    await expect(store.increment('k', 1000, 5, 1000, 'api')).resolves.toEqual(blocked);
    expect(warn).not.toHaveBeenCalled();
  });

  it('lets the request through when the store fails', async () => {
    const store = storage(() => Promise.reject(new Error('Connection is closed.')));
    await expect(store.increment('k', 1000, 5, 1000, 'api')).resolves.toEqual(allowed);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not limiting: Connection is closed/));
  });

  it('lets the request through when the store does not answer in time', async () => {
    const store = storage(() => new Promise(() => undefined));
    await expect(store.increment('k', 1000, 5, 1000, 'api')).resolves.toEqual(allowed);
  });
});
