import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../lib/queries';

/** `ui` inside a fresh query cache, as the layout's Providers give every page. */
export function withQueryClient(ui: React.ReactElement): React.ReactElement {
  return <QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>;
}
