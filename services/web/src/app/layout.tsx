import type { Metadata, Viewport } from 'next';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Marquee: films picked for you', template: '%s · Marquee' },
  description:
    'Rate a few films you have seen, skip the ones you have not, and get recommendations from a neural collaborative filtering model.',
};

export const viewport: Viewport = {
  themeColor: '#0e1014',
  colorScheme: 'dark',
};

/** Every page, the admin console's too: the query cache and the pending writes' upkeep. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
