// Who loses a ticket when it is made private (GET …/private-preview, or a 409 confirm_required's
// loseAccess): the same words in the portal's and the console's confirmation.
import { ConfirmDialog } from './ui.tsx';

export type AccessLoss = { count: number; people: { name: string; commented: boolean }[] };

export function AccessLossList({ loss }: { loss: AccessLoss | null }) {
  const more = loss ? loss.count - loss.people.length : 0;
  return (
    <>
      <p>
        {loss?.count === 1 ? 'This person sees' : `These ${loss?.count ?? 0} people see`} the ticket now and
        will lose access at once:
      </p>
      <ul className="private-loss">
        {loss?.people.map((person, i) => (
          <li key={i}>
            {person.name}
            {person.commented ? ' (has replied)' : ''}
          </li>
        ))}
        {more > 0 && <li>and {more} more</li>}
      </ul>
    </>
  );
}

/** "Make this ticket private?", open while someone would lose the ticket (loss is not null). */
export function MakePrivateDialog(props: {
  loss: AccessLoss | null;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      open={props.loss !== null}
      title="Make this ticket private?"
      confirmLabel="Make private"
      busy={props.busy}
      error={props.error}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <AccessLossList loss={props.loss} />
    </ConfirmDialog>
  );
}
