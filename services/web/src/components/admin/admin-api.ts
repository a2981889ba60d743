import type {
  AdminTrainResponse,
  ApiError,
  ModelVersionSummary,
  ModelsResponse,
  TrainStatusResponse,
} from '@marquee/contracts';

/** A failed admin call, with a message written for the operator. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';

  constructor(
    /** 0 when no HTTP answer came back. */
    readonly status: number,
    readonly code: string | null,
    message: string,
    /** TRAIN_IN_PROGRESS: the job already waiting or running. */
    readonly jobId: string | null = null,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 20_000;

/** What each failure means to someone at the console, by the gateway's error code. */
function explain(status: number, body: Partial<ApiError> | null): string {
  switch (body?.code) {
    case 'UNAUTHORIZED':
      return 'That admin token is not valid. Check the ADMIN_TOKEN the gateway was started with.';
    case 'ADMIN_DISABLED':
      return 'The admin console is switched off: start the gateway with ADMIN_TOKEN set.';
    case 'TRAIN_IN_PROGRESS':
      return `A retrain is already running (job ${body.jobId ?? '?'}); only one runs at a time. Its progress is shown below.`;
    case 'MODEL_NOT_READY':
    case 'MODEL_NOT_FOUND':
      return body.message ?? 'That version cannot be activated.';
    case 'QUEUE_UNAVAILABLE':
      return 'The job queue (Redis) is not answering right now. Try again in a moment.';
  }
  if (body?.message) return body.message;
  return `The API answered ${status}. Try again in a moment.`;
}

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new AdminApiError(0, null, 'Could not reach the API. Check your connection and retry.');
  }
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as Partial<ApiError> | null;
    throw new AdminApiError(
      response.status,
      parsed?.code ?? null,
      explain(response.status, parsed),
      parsed?.jobId ?? null,
    );
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The admin API as the console uses it; the bearer token goes only where a route needs it. */
export const adminApi = {
  /** Checks the token and sets the session cookie the event stream needs. */
  startSession: (token: string) => call<void>('POST', '/api/admin/session', token),
  endSession: () => call<void>('DELETE', '/api/admin/session'),
  listModels: () => call<ModelsResponse>('GET', '/api/models'),
  startTraining: (token: string, epochs?: number) =>
    call<AdminTrainResponse>(
      'POST',
      '/api/admin/models/train',
      token,
      epochs === undefined ? {} : { epochs },
    ),
  trainStatus: (token: string, jobId: string) =>
    call<TrainStatusResponse>('GET', `/api/admin/train/${encodeURIComponent(jobId)}`, token),
  activate: (token: string, version: number) =>
    call<ModelVersionSummary>('POST', `/api/admin/models/${version}/activate`, token),
};

/** Where the console's event stream lives (opened with EventSource, cookie-authenticated). */
export const TRAIN_EVENTS_URL = '/api/admin/train/events';
