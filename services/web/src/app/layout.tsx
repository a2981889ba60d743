import type { Metadata, Viewport } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Marquee: films picked for you',
  description:
    'Rate a few films you have seen, skip the ones you have not, and get recommendations from a neural collaborative filtering model.',
};

export const viewport: Viewport = {
  themeColor: '#0e1014',
  colorScheme: 'dark',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
