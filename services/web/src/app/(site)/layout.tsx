import { PendingWritesStatus } from '../../components/PendingWritesStatus';
import { SiteHeader } from '../../components/SiteHeader';
import { SiteProgress } from '../../components/SiteProgress';
import styles from './layout.module.css';

/**
 * The site's pages: the shared header and navigation, the rating progress, the pending writes'
 * status and the footer.
 */
export default function SiteLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SiteHeader />
      <SiteProgress />
      {children}
      <PendingWritesStatus />
      <footer className={styles.footer}>
        Ratings from you and the MovieLens community. Recommendations by a neural collaborative
        filtering model.
      </footer>
    </>
  );
}
