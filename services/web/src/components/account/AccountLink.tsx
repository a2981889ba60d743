'use client';

import Link from 'next/link';
import { useAccount } from '../../hooks/useAccount';

/** The header's link to /account: "Sign in", or the username once signed in. */
export function AccountLink({ className }: { className?: string }) {
  const { state } = useAccount();
  const username =
    state.status === 'ready' && state.account.kind === 'account' ? state.account.username : null;
  return (
    <Link
      href="/account"
      className={className}
      data-testid="account-link"
      aria-label={username === null ? 'Sign in or create an account' : `Account: ${username}`}
    >
      {username ?? 'Sign in'}
    </Link>
  );
}
