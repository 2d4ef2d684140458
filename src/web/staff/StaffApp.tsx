// The staff console (/staff): being built; the API is complete (see /api/docs).
import { EmptyState } from '../shared/ui.tsx';

export default function StaffApp() {
  return (
    <main id="main" style={{ maxWidth: '40rem', margin: '3rem auto' }}>
      <EmptyState title="The staff console is on its way">
        Use the staff API in the meantime: <a href="/api/docs">API documentation</a>.
      </EmptyState>
    </main>
  );
}
