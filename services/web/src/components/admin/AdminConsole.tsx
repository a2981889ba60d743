'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ModelVersionSummary } from '@marquee/contracts';
import { PageMain } from '../PageMain';
import { RetryButton } from '../RetryButton';
import { AdminApiError, adminApi } from './admin-api';
import styles from './AdminConsole.module.css';
import { ModelVersions } from './ModelVersions';
import { TokenForm } from './TokenForm';
import { TrainingPanel } from './TrainingPanel';
import { useTrainEvents } from './useTrainEvents';

/** The token lives in this tab's sessionStorage: a reload keeps it, closing the tab forgets it. */
const TOKEN_KEY = 'marquee.adminToken';

type Auth = 'checking' | 'signed-out' | 'signed-in';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The operator's page: sign in with the admin token, retrain and watch it, pick the version. */
export function AdminConsole() {
  const [auth, setAuth] = useState<Auth>('checking');
  const [token, setToken] = useState<string | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [versions, setVersions] = useState<ModelVersionSummary[] | null>(null);
  const [versionsError, setVersionsError] = useState<string | null>(null);
  const [activating, setActivating] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const [trainError, setTrainError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [noticeIsError, setNoticeIsError] = useState(false);
  const { view, status, dispatch } = useTrainEvents(auth === 'signed-in' ? token : null);

  const signIn = useCallback(async (candidate: string) => {
    setAuth('checking');
    setSignInError(null);
    try {
      await adminApi.startSession(candidate);
      sessionStorage.setItem(TOKEN_KEY, candidate);
      setToken(candidate);
      setAuth('signed-in');
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      setSignInError(messageOf(err));
      setAuth('signed-out');
    }
  }, []);

  useEffect(() => {
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) void signIn(saved);
    else setAuth('signed-out');
  }, [signIn]);

  const loadVersions = useCallback(async () => {
    try {
      setVersions((await adminApi.listModels()).versions);
      setVersionsError(null);
    } catch (err) {
      setVersionsError(messageOf(err));
    }
  }, []);

  useEffect(() => {
    if (auth === 'signed-in') void loadVersions();
  }, [auth, loadVersions]);

  // A job that starts adds a TRAINING version; one that ends publishes or fails it.
  useEffect(() => {
    if (auth === 'signed-in' && view.phase !== 'idle' && view.phase !== 'queued') {
      void loadVersions();
    }
  }, [auth, view.phase, view.jobId, loadVersions]);

  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setAuth('signed-out');
    void adminApi.endSession().catch(() => undefined);
  };

  /** A 401 means the token was changed on the gateway: back to the sign-in form. */
  const handleAuthError = (err: unknown): boolean => {
    if (err instanceof AdminApiError && (err.status === 401 || err.status === 503)) {
      sessionStorage.removeItem(TOKEN_KEY);
      setSignInError(err.message);
      setAuth('signed-out');
      return true;
    }
    return false;
  };

  const startRetrain = async (epochs: number | undefined) => {
    if (token === null) return;
    setStarting(true);
    setTrainError(null);
    try {
      const { jobId } = await adminApi.startTraining(token, epochs);
      dispatch({ type: 'queued', jobId });
    } catch (err) {
      if (!handleAuthError(err)) {
        setTrainError(messageOf(err));
        if (err instanceof AdminApiError && err.jobId !== null) {
          dispatch({ type: 'queued', jobId: err.jobId });
        }
      }
    } finally {
      setStarting(false);
    }
  };

  const activate = async (version: number) => {
    if (token === null) return;
    setActivating(version);
    setNotice(null);
    try {
      await adminApi.activate(token, version);
      setNoticeIsError(false);
      setNotice(`Version ${version} is now active; the recommenders are switching to it.`);
      await loadVersions();
    } catch (err) {
      if (!handleAuthError(err)) {
        setNoticeIsError(true);
        setNotice(messageOf(err));
      }
    } finally {
      setActivating(null);
    }
  };

  return (
    <PageMain>
      <div className={styles.console}>
        <header className={styles.header}>
          <div>
            <p className={styles.kicker}>
              <a href="/">Marquee</a> · operator
            </p>
            <h1 className={styles.title}>Model console</h1>
          </div>
          {auth === 'signed-in' && (
            <button type="button" className="button button-secondary" onClick={signOut}>
              Sign out
            </button>
          )}
        </header>

        {auth !== 'signed-in' ? (
          <TokenForm busy={auth === 'checking'} error={signInError} onSubmit={signIn} />
        ) : (
          <div className={styles.grid}>
            <TrainingPanel
              view={view}
              stream={status}
              starting={starting}
              error={trainError}
              onStart={(epochs) => void startRetrain(epochs)}
            />
            <section className={styles.panel} aria-labelledby="versions-title">
              <div className={styles.panelHead}>
                <h2 id="versions-title" className={styles.panelTitle}>
                  Model versions
                </h2>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void loadVersions()}
                >
                  Refresh
                </button>
              </div>
              <div aria-live="polite">
                {notice !== null && (
                  <p
                    className={noticeIsError ? styles.error : styles.notice}
                    role={noticeIsError ? 'alert' : 'status'}
                  >
                    {notice}
                  </p>
                )}
              </div>
              {versionsError !== null && (
                <div className={styles.error} role="alert">
                  <p>Could not load the model versions: {versionsError}</p>
                  <RetryButton onRetry={() => void loadVersions()} />
                </div>
              )}
              {versions === null && versionsError === null ? (
                <p className={styles.muted}>Loading versions…</p>
              ) : (
                versions !== null && (
                  <ModelVersions
                    versions={versions}
                    activating={activating}
                    onActivate={(v) => void activate(v)}
                  />
                )
              )}
            </section>
          </div>
        )}
      </div>
    </PageMain>
  );
}
