'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useRatings } from '../hooks/useRatings';
import { useWatchlist } from '../hooks/useWatchlist';
import styles from './SiteNav.module.css';

type Counted = 'ratings' | 'watchlist';

/** The site's sections, in the order the header shows them. */
export const NAV_LINKS: { href: string; label: string; count?: Counted }[] = [
  { href: '/', label: 'Rate films' },
  { href: '/search', label: 'Search' },
  { href: '/recommendations', label: 'Recommendations' },
  { href: '/ratings', label: 'My ratings', count: 'ratings' },
  { href: '/watchlist', label: 'Watchlist', count: 'watchlist' },
];

/** Whether `pathname` is the section `href` (or a page inside it). */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** The header's links to each section; the current one is marked aria-current. */
export function SiteNav() {
  const pathname = usePathname() ?? '/';
  const { ratings } = useRatings();
  const watchlist = useWatchlist();
  const counts: Record<Counted, number> = {
    ratings: ratings.size,
    watchlist: watchlist.items.length,
  };
  return (
    <nav className={styles.nav} aria-label="Sections">
      <ul className={styles.links}>
        {NAV_LINKS.map(({ href, label, count }) => {
          const n = count ? counts[count] : 0;
          return (
            <li key={href}>
              <Link
                href={href}
                className={styles.link}
                aria-current={isCurrent(href, pathname) ? 'page' : undefined}
                data-testid={`nav-${href === '/' ? 'rate' : href.slice(1)}`}
              >
                {label}
                {n > 0 && (
                  <span
                    className={styles.count}
                    aria-label={`(${n})`}
                    data-testid={count === 'watchlist' ? 'watchlist-count' : 'ratings-count'}
                  >
                    {n}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
