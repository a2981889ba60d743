import type { Metadata } from 'next';
import { RatingsView } from '../../../components/RatingsView';

export const metadata: Metadata = { title: 'My ratings' };

export default function RatingsPage() {
  return <RatingsView />;
}
