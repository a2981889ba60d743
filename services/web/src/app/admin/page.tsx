import type { Metadata } from 'next';
import { AdminConsole } from '../../components/admin/AdminConsole';

export const metadata: Metadata = {
  title: 'Model console',
  robots: { index: false },
};

export default function AdminPage() {
  return <AdminConsole />;
}
