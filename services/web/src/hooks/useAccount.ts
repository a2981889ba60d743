'use client';

import type { AccountResponse } from '@marquee/contracts';
import { useCallback, useEffect, useState } from 'react';
import { accountApi } from '../components/account/account-api';

export type AccountState =
  { status: 'loading' } | { status: 'ready'; account: AccountResponse } | { status: 'error' };

/**
 * Who the browser is (anonymous, or signed in as a username), read from the gateway once on
 * mount; `set` records what a sign-in, sign-up or sign-out answered.
 */
export function useAccount(): {
  state: AccountState;
  set: (account: AccountResponse) => void;
  refresh: () => Promise<void>;
} {
  const [state, setState] = useState<AccountState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      setState({ status: 'ready', account: await accountApi.whoAmI() });
    } catch {
      setState({ status: 'error' });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const set = useCallback((account: AccountResponse) => {
    setState({ status: 'ready', account });
  }, []);

  return { state, set, refresh };
}
