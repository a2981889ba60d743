import type { Response } from 'supertest';

/** The Set-Cookie lines of a response (an empty list when it sets none). */
export function setCookies(res: Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

/** The Set-Cookie line that sets the cookie `name`, if the response sets it. */
export function cookieLine(res: Response, name: string): string | undefined {
  return setCookies(res).find((c) => c.startsWith(`${name}=`));
}
