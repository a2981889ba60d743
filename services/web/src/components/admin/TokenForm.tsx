'use client';

import { type FormEvent, useState } from 'react';
import styles from './AdminConsole.module.css';

interface TokenFormProps {
  busy: boolean;
  error: string | null;
  onSubmit: (token: string) => void;
}

/** Asks for the admin token; nothing else of the console shows until it is accepted. */
export function TokenForm({ busy, error, onSubmit }: TokenFormProps) {
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim() !== '') onSubmit(token.trim());
  };
  return (
    <form className={styles.tokenForm} onSubmit={submit} aria-describedby="token-help">
      <h2 className={styles.panelTitle}>Sign in</h2>
      <p id="token-help" className={styles.muted}>
        Enter the <code>ADMIN_TOKEN</code> the gateway was started with. It is kept in this tab
        only.
      </p>
      <label className={styles.field}>
        <span>Admin token</span>
        <input
          type="password"
          name="token"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== null}
          aria-errormessage={error !== null ? 'token-error' : undefined}
          required
        />
      </label>
      {error !== null && (
        <p id="token-error" className={styles.error} role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Checking…' : 'Open the console'}
      </button>
    </form>
  );
}
