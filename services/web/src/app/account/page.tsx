import type { Metadata } from 'next';
import { AccountPanel } from '../../components/account/AccountPanel';

export const metadata: Metadata = {
  title: 'Your account · Marquee',
  robots: { index: false },
};

export default function AccountPage() {
  return <AccountPanel />;
}
