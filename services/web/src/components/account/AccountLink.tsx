'use client';

import Link from 'next/link';
import { useAccount } from '../../hooks/useAccount';
import styles from './Account.module.css';

/** The header's link to /account: "Sign in", or the username once signed in. */
export function AccountLink() {
  const { state } = useAccount();
  const username =
    state.status === 'ready' && state.account.kind === 'account' ? state.account.username : null;
  return (
    <Link
      href="/account"
      className={styles.headerLink}
      data-testid="account-link"
      aria-label={username === null ? 'Sign in or create an account' : `Account: ${username}`}
    >
      {username ?? 'Sign in'}
    </Link>
  );
}
