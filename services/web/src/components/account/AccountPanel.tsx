'use client';

import type { SigninResponse } from '@marquee/contracts';
import { useState } from 'react';
import { useAccount } from '../../hooks/useAccount';
import { PageMain } from '../PageMain';
import styles from './Account.module.css';
import { accountApi } from './account-api';
import { ChangePasswordForm, CredentialsForm, DeleteAccountForm } from './PasswordForms';

function mergedSummary(merged: SigninResponse['merged']): string {
  const parts = [
    [merged.ratings, 'rating'],
    [merged.skips, 'skipped film'],
    [merged.watchlist, 'watchlist film'],
    [merged.notInterested, 'hidden film'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return parts.length === 0 ? '' : ` ${parts.join(', ')} from this browser were added to it.`;
}

/** The /account page: sign in or create an account; once signed in, sign out, password, delete. */
export function AccountPanel() {
  const { state, set } = useAccount();
  // Announced to screen readers (role="status") as well as shown.
  const [notice, setNotice] = useState<string | null>(null);

  const signUp = async (username: string, password: string) => {
    setNotice(null);
    const account = await accountApi.signUp({ username, password });
    set(account);
    setNotice(
      `Account created. You are signed in as ${account.kind === 'account' ? account.username : username}.`,
    );
  };
  const signIn = async (username: string, password: string) => {
    setNotice(null);
    const res = await accountApi.signIn({ username, password });
    set({ kind: 'account', username: res.username });
    setNotice(`Signed in as ${res.username}.${mergedSummary(res.merged)}`);
  };
  const signOut = async () => {
    setNotice(null);
    await accountApi.signOut();
    set({ kind: 'anonymous' });
    setNotice('Signed out. This browser starts afresh.');
  };
  const changePassword = async (currentPassword: string, newPassword: string) => {
    setNotice(null);
    await accountApi.changePassword({ currentPassword, newPassword });
    setNotice('Password changed. Your other devices were signed out.');
  };
  const deleteAccount = async (password: string) => {
    setNotice(null);
    await accountApi.deleteAccount({ password });
    set({ kind: 'anonymous' });
    setNotice('Your account and everything in it were deleted.');
  };

  return (
    <PageMain>
      <section className={styles.section} aria-labelledby="account-heading">
        <h1 id="account-heading" className={styles.title}>
          Your account
        </h1>
        {/* Always in the page, so that screen readers announce what is written into it. */}
        <p
          className={notice === null ? styles.quiet : styles.notice}
          role="status"
          data-testid="account-notice"
        >
          {notice}
        </p>
        {state.status === 'loading' && <p className={styles.muted}>Loading…</p>}
        {state.status === 'error' && (
          <p className={styles.error} role="alert">
            Marquee could not be reached. Reload the page to try again.
          </p>
        )}
        {state.status === 'ready' && state.account.kind === 'anonymous' && (
          <div className={styles.columns}>
            <CredentialsForm mode="signin" onSubmit={signIn} />
            <CredentialsForm mode="signup" onSubmit={signUp} />
          </div>
        )}
        {state.status === 'ready' && state.account.kind === 'account' && (
          <>
            <section className={styles.panel} aria-label="Signed in">
              <p className={styles.signedIn}>
                Signed in as{' '}
                <strong data-testid="account-username">{state.account.username}</strong>
              </p>
              <button
                type="button"
                className="button"
                onClick={() =>
                  void signOut().catch(() => setNotice('Signing out failed. Please try again.'))
                }
                data-testid="signout-button"
              >
                Sign out
              </button>
            </section>
            <div className={styles.columns}>
              <ChangePasswordForm onSubmit={changePassword} />
              <DeleteAccountForm onSubmit={deleteAccount} />
            </div>
          </>
        )}
      </section>
    </PageMain>
  );
}
