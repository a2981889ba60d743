import { AdminApiError, adminApi } from './admin-api';

/** Answers every fetch with this status and JSON body, and records the requests. */
function answer(status: number, body: unknown): jest.SpyInstance {
  return jest
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async () =>
      status === 204 ? new Response(null, { status }) : Response.json(body, { status }),
    );
}

afterEach(() => jest.restoreAllMocks());

async function failure(call: Promise<unknown>): Promise<AdminApiError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdminApiError);
  return err as AdminApiError;
}

describe('adminApi', () => {
  it('sends the bearer token only where a route needs it', async () => {
    const fetch = answer(202, { jobId: '12' });
    await expect(adminApi.startTraining('tok-0123456789abcdef', 3)).resolves.toEqual({
      jobId: '12',
    });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/admin/models/train');
    expect(init).toMatchObject({ method: 'POST', body: '{"epochs":3}' });
    expect((init!.headers as Record<string, string>).authorization).toBe(
      'Bearer tok-0123456789abcdef',
    );

    fetch.mockRestore();
    const list = answer(200, { versions: [] });
    await adminApi.listModels();
    const [listUrl, listInit] = list.mock.calls[0]!;
    expect(listUrl).toBe('/api/models');
    expect((listInit!.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it.each([
    [401, { code: 'UNAUTHORIZED', message: 'The admin token is not valid' }, /token is not valid/],
    [
      503,
      { code: 'ADMIN_DISABLED', message: 'x' },
      /switched off: start the gateway with ADMIN_TOKEN/,
    ],
    [503, { code: 'QUEUE_UNAVAILABLE', message: 'x' }, /queue \(Redis\) is not answering/],
    [409, { code: 'MODEL_NOT_READY', message: 'Model version 3 is FAILED' }, /version 3 is FAILED/],
  ])('explains a %i %p for the operator', async (status, body, message) => {
    answer(status, { statusCode: status, error: 'x', ...body });
    const err = await failure(adminApi.activate('tok-0123456789abcdef', 3));
    expect(err.status).toBe(status);
    expect(err.code).toBe(body.code);
    expect(err.message).toMatch(message);
  });

  it('names the running job on 409 TRAIN_IN_PROGRESS', async () => {
    answer(409, { statusCode: 409, code: 'TRAIN_IN_PROGRESS', message: 'busy', jobId: '41' });
    const err = await failure(adminApi.startTraining('tok-0123456789abcdef'));
    expect(err.jobId).toBe('41');
    expect(err.message).toMatch(/already running \(job 41\)/);
  });

  it('says when the API cannot be reached at all', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    const err = await failure(adminApi.startSession('tok-0123456789abcdef'));
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/Could not reach the API/);
  });

  it('reads a 204 as no content', async () => {
    answer(204, null);
    await expect(adminApi.startSession('tok-0123456789abcdef')).resolves.toBeUndefined();
  });
});
