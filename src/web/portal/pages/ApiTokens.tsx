// A contact's personal API tokens (issue 15 §4): read-only, acting as the contact; shown once when
// made (the server asks for the password again first: step-up), listed and revoked here.
import { useState } from 'react';
import { NewTokenAlert, TokenForm, dayFromToday, tokenColumns } from '../../shared/ApiTokenParts.tsx';
import type { Page } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { EmptyState } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { CreatedPortalApiToken, PortalApiToken } from '../types.ts';

const tokensKey = ['portal', 'me', 'api-tokens'] as const;
const path = '/api/portal/me/api-tokens';

export function ApiTokens({ mayCreate }: { mayCreate: boolean }) {
  const [created, setCreated] = useState<CreatedPortalApiToken | null>(null);
  const list = usePagedList([...tokensKey], (cursor, signal) =>
    portalApi.get<Page<PortalApiToken>>(path, { cursor, limit: 50 }, signal),
  );
  const columns = tokenColumns<PortalApiToken>([], {
    path: (t) => `${path}/${t.id}`,
    remove: (url) => portalApi.delete(url),
    queryKey: tokensKey,
    consequence: 'Scripts using this token stop working at once.',
  });
  return (
    <section className="card" aria-labelledby="api-tokens-heading">
      <h2 id="api-tokens-heading">API tokens</h2>
      <p className="muted small">
        For your own scripts: send <code>Authorization: Bearer &lt;token&gt;</code> to the portal API. A token
        reads what you may see and changes nothing.
      </p>
      {created && (
        <NewTokenAlert
          token={created}
          note="This is the only time it is shown."
          onDismiss={() => setCreated(null)}
        />
      )}
      {mayCreate && (
        <TokenForm
          post={(name, expiresAt) => portalApi.post<CreatedPortalApiToken>(path, { name, expiresAt })}
          queryKey={tokensKey}
          onCreated={setCreated}
          nameExample="Weekly report script"
          expiry={{
            label: 'Expires on',
            hint: 'At most a year from today.',
            initial: dayFromToday(90),
            required: true,
            maxDays: 365,
          }}
        />
      )}
      <PagedTable
        list={list}
        caption="Your API tokens"
        columns={columns}
        empty={<EmptyState title="You have no API tokens." />}
      />
    </section>
  );
}
