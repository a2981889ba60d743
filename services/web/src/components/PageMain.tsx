import styles from './PageMain.module.css';

/** A page's main content, in the page's width. */
export function PageMain({ children }: { children: React.ReactNode }) {
  return <main className={styles.main}>{children}</main>;
}
