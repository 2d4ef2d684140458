import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Loading } from '../../../shared/ui.tsx';
import { useDebouncedValue } from '../../../shared/useDebouncedValue.ts';
import { staffApi } from '../../session.tsx';
import { LoadError, plural } from '../common.tsx';
import type { Rule, RulePreview } from '../types.ts';
import { type DraftRule, conditionProblem, ruleOf } from './rule.ts';

/** "Matches N contacts" for the rule as it stands, refreshed as it changes. */
export function RuleMatches({ draft }: { draft: DraftRule }) {
  const rule = ruleOf(draft);
  const settled = useDebouncedValue(rule, 400);
  const preview = useQuery({
    queryKey: ['staff', 'user-groups', 'rule-preview', settled],
    queryFn: () => staffApi.post<RulePreview>('/api/staff/user-groups/rule-preview', { rule: settled }),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  const incomplete = draft.conditions.findIndex((c) => conditionProblem(c));
  const updating = rule !== null && (preview.isFetching || JSON.stringify(rule) !== JSON.stringify(settled));

  return (
    <div className="rule-matches" aria-busy={updating || undefined}>
      <div role="status" className="rule-matches-status">
        {rule === null ? (
          <span className="muted">Complete condition {incomplete + 1} to see how many contacts match.</span>
        ) : preview.data ? (
          <>
            <strong className="rule-matches-count">
              Matches {plural(preview.data.matchCount, 'contact')}
            </strong>
            {updating && <span className="muted small"> · updating…</span>}
          </>
        ) : preview.isError ? null : (
          <Loading label="Counting the matching contacts…" />
        )}
      </div>
      {preview.isError && rule !== null && (
        <LoadError
          what="The number of matching contacts"
          error={preview.error}
          onRetry={() => void preview.refetch()}
        />
      )}
      {rule !== null && preview.data && preview.data.sample.length > 0 && (
        <>
          <p className="small muted rule-sample-title">
            {preview.data.matchCount > preview.data.sample.length
              ? `The first ${preview.data.sample.length} by name:`
              : 'They are:'}
          </p>
          <ul className="rule-sample">
            {preview.data.sample.map((c) => (
              <li key={c.id}>
                {c.name} <span className="small rule-sample-email">{c.email}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

const usePreviewCount = (rule: Rule | null) =>
  useQuery({
    queryKey: ['staff', 'user-groups', 'rule-preview', rule],
    queryFn: () => staffApi.post<RulePreview>('/api/staff/user-groups/rule-preview', { rule }),
    enabled: rule !== null,
    staleTime: 5_000,
    retry: false,
  });

/** "The rule matches 6 contacts (3 now)": for the save dialog. */
export function RuleCountChange({ before, after }: { before: Rule | null; after: Rule | null }) {
  const was = usePreviewCount(before);
  const will = usePreviewCount(after);
  if (!after) {
    if (!was.data) return null;
    return <p>The rule matches {plural(was.data.matchCount, 'contact')} now.</p>;
  }
  if (!will.data) return null;
  return (
    <p>
      The new rule matches <strong>{plural(will.data.matchCount, 'contact')}</strong>
      {before && was.data ? `; the rule now matches ${was.data.matchCount}` : ''}. Contacts may also be
      members for other reasons.
    </p>
  );
}
