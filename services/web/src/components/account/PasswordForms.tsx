'use client';

import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from '@marquee/contracts';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import styles from './Account.module.css';
import { accountErrorMessage } from './account-api';

interface FieldProps {
  label: string;
  name: string;
  type: 'text' | 'password';
  autoComplete: 'username' | 'current-password' | 'new-password';
  value: string;
  onChange: (value: string) => void;
  errorId: string | undefined;
  hint?: string;
  minLength?: number;
  maxLength?: number;
}

function Field({ label, hint, errorId, onChange, ...input }: FieldProps) {
  const inputId = useId();
  const hintId = useId();
  // The hint is outside the label: it describes the field without being part of its name.
  return (
    <div className={styles.field}>
      <label htmlFor={inputId}>{label}</label>
      <input
        {...input}
        id={inputId}
        required
        spellCheck={false}
        autoCapitalize="none"
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errorId !== undefined}
        aria-errormessage={errorId}
        aria-describedby={hint ? hintId : undefined}
      />
      {hint && (
        <span id={hintId} className={styles.hint}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** A form that runs `action` on submit, shows its failure as an alert, and stays usable. */
function useSubmit(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(accountErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const alert: ReactNode =
    error === null ? null : (
      <p id={errorId} className={styles.error} role="alert">
        {error}
      </p>
    );
  return { busy, submit, alert, errorId: error === null ? undefined : errorId };
}

const USERNAME_HINT = `${USERNAME_MIN}–${USERNAME_MAX} letters, digits, “.”, “_” or “-”.`;
const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters.`;

interface CredentialsFormProps {
  mode: 'signin' | 'signup';
  onSubmit: (username: string, password: string) => Promise<void>;
}

/** Sign in (existing password) or create an account (new password, with the rules shown). */
export function CredentialsForm({ mode, onSubmit }: CredentialsFormProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, submit, alert, errorId } = useSubmit(() => onSubmit(username, password));
  const signup = mode === 'signup';
  const titleId = useId();
  return (
    <form
      className={styles.panel}
      onSubmit={(e) => void submit(e)}
      aria-labelledby={titleId}
      data-testid={`${mode}-form`}
    >
      <h2 id={titleId} className={styles.panelTitle}>
        {signup ? 'Create an account' : 'Sign in'}
      </h2>
      <p className={styles.muted}>
        {signup
          ? 'Keeps the ratings and lists you have made in this browser, and brings them to your other devices.'
          : 'Ratings made in this browser before signing in are added to your account.'}
      </p>
      <Field
        label="Username"
        name="username"
        type="text"
        autoComplete="username"
        value={username}
        onChange={setUsername}
        errorId={errorId}
        hint={signup ? USERNAME_HINT : undefined}
        minLength={signup ? USERNAME_MIN : undefined}
        maxLength={USERNAME_MAX}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={signup ? 'new-password' : 'current-password'}
        value={password}
        onChange={setPassword}
        errorId={errorId}
        hint={signup ? PASSWORD_HINT : undefined}
        minLength={signup ? PASSWORD_MIN : undefined}
        maxLength={PASSWORD_MAX}
      />
      {alert}
      <button type="submit" className="button button-primary" disabled={busy}>
        {signup ? (busy ? 'Creating…' : 'Create account') : busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/** A new password; the current one is required, and other devices are signed out. */
export function ChangePasswordForm({
  onSubmit,
}: {
  onSubmit: (current: string, next: string) => Promise<void>;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, submit, alert, errorId } = useSubmit(async () => {
    await onSubmit(current, next);
    setCurrent('');
    setNext('');
  });
  const titleId = useId();
  return (
    <form
      className={styles.panel}
      onSubmit={(e) => void submit(e)}
      aria-labelledby={titleId}
      data-testid="password-form"
    >
      <h2 id={titleId} className={styles.panelTitle}>
        Change password
      </h2>
      <p className={styles.muted}>Your other devices will be signed out.</p>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
        errorId={errorId}
        maxLength={PASSWORD_MAX}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={setNext}
        errorId={errorId}
        hint={PASSWORD_HINT}
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
      />
      {alert}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}

/** Deleting the account: a button, then a confirmation that asks for the password. */
export function DeleteAccountForm({ onSubmit }: { onSubmit: (password: string) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const { busy, submit, alert, errorId } = useSubmit(() => onSubmit(password));
  const titleId = useId();
  return (
    <section className={styles.panel} aria-labelledby={titleId}>
      <h2 id={titleId} className={styles.panelTitle}>
        Delete account
      </h2>
      {!confirming ? (
        <>
          <p className={styles.muted}>
            Deletes your account with its ratings, skips and lists, on every device.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => setConfirming(true)}
            data-testid="delete-account-button"
          >
            Delete account…
          </button>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} className={styles.confirm} data-testid="delete-form">
          <p className={styles.warning}>
            This cannot be undone. Enter your password to delete the account and everything in it.
          </p>
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            errorId={errorId}
            maxLength={PASSWORD_MAX}
          />
          {alert}
          <div className={styles.actions}>
            <button type="submit" className={`button ${styles.danger}`} disabled={busy}>
              {busy ? 'Deleting…' : 'Delete my account'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
                setPassword('');
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
