'use client';

import type { AccountResponse } from '@marquee/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { accountApi } from '../components/account/account-api';
import { queryKeys } from '../lib/queries';

export type AccountState =
  { status: 'loading' } | { status: 'ready'; account: AccountResponse } | { status: 'error' };

/**
 * Who the browser is (anonymous, or signed in as a username), shared by the header's link and
 * the account page. `set` records what a sign-in, sign-up or sign-out answered; since whose
 * ratings and lists the page shows may have changed with it, every other query asks again.
 */
export function useAccount(): {
  state: AccountState;
  set: (account: AccountResponse) => void;
  refresh: () => Promise<void>;
} {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.account, queryFn: () => accountApi.whoAmI() });

  const set = useCallback(
    (account: AccountResponse) => {
      client.setQueryData(queryKeys.account, account);
      void client.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== queryKeys.account[0],
      });
    },
    [client],
  );
  const refresh = useCallback(
    () => client.refetchQueries({ queryKey: queryKeys.account }),
    [client],
  );

  const state: AccountState = query.isPending
    ? { status: 'loading' }
    : query.isError
      ? { status: 'error' }
      : { status: 'ready', account: query.data };
  return { state, set, refresh };
}
