'use client';

import { useEffect, useState } from 'react';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { usePendingWritesQueue } from '../hooks/usePendingWrites';
import { createQueryClient } from '../lib/queries';
import { applySentWrite } from '../lib/sent-writes';

/**
 * The pending writes outlive every view: sent from here (what an earlier visit left waiting,
 * and again when the browser is back online), and each write the gateway takes is followed in
 * the cached answers.
 */
function PendingWritesSync() {
  const queue = usePendingWritesQueue();
  const client = useQueryClient();
  useEffect(() => queue.start(window), [queue]);
  useEffect(
    () => queue.onSent((write, response) => applySentWrite(client, write, response)),
    [queue, client],
  );
  return null;
}

/** What every page shares across navigation: the query cache and the write queue's upkeep. */
export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <PendingWritesSync />
      {children}
    </QueryClientProvider>
  );
}
