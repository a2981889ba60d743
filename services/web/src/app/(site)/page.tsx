import type { Metadata } from 'next';
import { RateView } from '../../components/RateView';

export const metadata: Metadata = { title: 'Rate films' };

export default function RatePage() {
  return <RateView />;
}
