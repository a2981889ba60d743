import type {
  AccountResponse,
  ApiError,
  ChangePasswordBody,
  DeleteAccountBody,
  SigninBody,
  SigninResponse,
  SignupBody,
} from '@marquee/contracts';
import { ApiClientError } from '../../lib/api-client';

const TIMEOUT_MS = 30_000;

/** One call to /api/account*, through the web's /api proxy (cookies included). */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiClientError(0, 'Marquee could not be reached. Check your connection and retry.');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload ?? {}) as Partial<ApiError>;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiClientError(
      response.status,
      error.message ?? `The request failed (HTTP ${response.status}).`,
      error.error,
      error.details,
      error.code,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  return payload as T;
}

export const accountApi = {
  whoAmI: () => call<AccountResponse>('GET', '/api/account'),
  signUp: (body: SignupBody) => call<AccountResponse>('POST', '/api/account/signup', body),
  signIn: (body: SigninBody) => call<SigninResponse>('POST', '/api/account/signin', body),
  signOut: () => call<void>('POST', '/api/account/signout'),
  changePassword: (body: ChangePasswordBody) => call<void>('POST', '/api/account/password', body),
  deleteAccount: (body: DeleteAccountBody) => call<void>('DELETE', '/api/account', body),
};

/** What to tell the user about a failed account call. */
export function accountErrorMessage(err: unknown): string {
  if (err instanceof ApiClientError) {
    if (err.code === 'VALIDATION' && err.details?.length) {
      // "password: password must be at least 10 characters" -> the part after the field.
      return err.details.map((d) => d.replace(/^[\w.]+: /, '')).join('. ');
    }
    return err.message;
  }
  return 'Something went wrong. Please try again.';
}
