import { z } from 'zod';

/*
 * Optional accounts: a username and password that keep an anonymous profile and bring it back on
 * another device. The request bodies of /api/account/*, their answers, and the session cookie.
 */

/** The session cookie (a random token, signed; the gateway stores only its SHA-256). */
export const SESSION_COOKIE = 'marquee_session';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
/** Bounds what a sign-in hashes: scrypt's cost grows with the password's length. */
export const PASSWORD_MAX = 128;
export const PASSWORD_MIN = 10;

/**
 * Letters, digits, `.`, `_` and `-`, starting with a letter or digit. Usernames are compared
 * without case: stored lowercase.
 */
export const username = z
  .string({ error: 'username must be a string' })
  .min(USERNAME_MIN, `username must be at least ${USERNAME_MIN} characters`)
  .max(USERNAME_MAX, `username must be at most ${USERNAME_MAX} characters`)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'username may hold only letters, digits, ".", "_" and "-", and must start with a letter or digit',
  )
  .transform((name) => name.toLowerCase());

/** A new password: the length rules (any characters). */
export const newPassword = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .min(PASSWORD_MIN, `${field} must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `${field} must be at most ${PASSWORD_MAX} characters`);

/** A password being checked: not empty, and bounded (the rules of new ones may change). */
export const givenPassword = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, `${field} must not be empty`)
    .max(PASSWORD_MAX, `${field} must be at most ${PASSWORD_MAX} characters`);

export const signupBody = z.strictObject({ username, password: newPassword('password') });
export type SignupBody = z.output<typeof signupBody>;

export const signinBody = z.strictObject({ username, password: givenPassword('password') });
export type SigninBody = z.output<typeof signinBody>;

export const changePasswordBody = z.strictObject({
  currentPassword: givenPassword('currentPassword'),
  newPassword: newPassword('newPassword'),
});
export type ChangePasswordBody = z.output<typeof changePasswordBody>;

/** Deleting an account asks for its password again. */
export const deleteAccountBody = z.strictObject({ password: givenPassword('password') });
export type DeleteAccountBody = z.output<typeof deleteAccountBody>;

/** GET /api/account: who the browser is. */
export const accountResponse = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('anonymous') }),
  z.strictObject({ kind: z.literal('account'), username: z.string() }),
]);
export type AccountResponse = z.output<typeof accountResponse>;

const count = z.number().int().nonnegative();

/**
 * POST /api/account/signin: the account, and what moved into it from the anonymous profile the
 * browser had (the account's own rows win where both have the same film).
 */
export const signinResponse = z.strictObject({
  kind: z.literal('account'),
  username: z.string(),
  merged: z.strictObject({
    ratings: count,
    skips: count,
    notInterested: count,
    watchlist: count,
  }),
});
export type SigninResponse = z.output<typeof signinResponse>;
