'use client';

import { useState } from 'react';

/** A view's polite live region and the function that says something in it. */
export function useAnnouncer(): { announce: (message: string) => void; region: React.ReactNode } {
  const [message, setMessage] = useState('');
  return {
    announce: setMessage,
    region: (
      <p className="visually-hidden" aria-live="polite">
        {message}
      </p>
    ),
  };
}
