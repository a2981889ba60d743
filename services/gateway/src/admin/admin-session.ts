import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The admin session cookie: `<expiresAtMs>.<hmac>`, where the HMAC-SHA256 of the expiry is
 * keyed by ADMIN_TOKEN itself. Only someone who knows the token can mint one, and changing
 * ADMIN_TOKEN invalidates every session. EventSource cannot send an Authorization header, so
 * the admin page trades its bearer token for this cookie before it opens the event stream.
 */
export const ADMIN_SESSION_TTL_MS = 15 * 60 * 1000;

const SESSION = /^(\d{13})\.([A-Za-z0-9_-]{43})$/;

function mac(adminToken: string, expiresAtMs: number): Buffer {
  return createHmac('sha256', adminToken).update(`marquee-admin-session:${expiresAtMs}`).digest();
}

export function signAdminSession(adminToken: string, expiresAtMs: number): string {
  return `${expiresAtMs}.${mac(adminToken, expiresAtMs).toString('base64url')}`;
}

/** True for an unexpired session signed with this token; the MAC is compared in constant time. */
export function verifyAdminSession(value: string, adminToken: string, nowMs: number): boolean {
  const match = SESSION.exec(value);
  if (!match) return false;
  const expiresAtMs = Number(match[1]);
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(adminToken, expiresAtMs);
  // Both are 32 bytes (43 base64url characters), so timingSafeEqual cannot throw.
  return timingSafeEqual(given, expected) && expiresAtMs > nowMs;
}
