import { modelUserId } from './model-user-id';

describe('modelUserId', () => {
  it('reads a stored user’s database id', () => {
    expect(modelUserId('42')).toEqual({ userId: 42 });
    expect(modelUserId('2147483647')).toEqual({ userId: 2_147_483_647 });
  });

  it('names nobody for an anonymous visitor or anything that is not a database id', () => {
    for (const id of [
      'anon:5b8e0e39-3c4e-4a8e-9a49-0f2b1f6f9d11',
      '0',
      '007',
      '-3',
      '1.5',
      '2147483648',
      '12abc',
    ]) {
      expect(modelUserId(id)).toEqual({});
    }
  });
});
