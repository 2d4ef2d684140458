import { privilegeLabel } from '../privileges.ts';

export function ChangeSummary(props: {
  isNew: boolean;
  name: string;
  added: string[];
  removed: string[];
  lines: string[];
}) {
  if (props.isNew)
    return <p>A new privilege group “{props.name}” with the privileges and scopes you chose.</p>;
  return (
    <ul className="change-list">
      {props.lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
      {props.added.length > 0 && (
        <li>
          <strong>Adds:</strong> {props.added.map(privilegeLabel).join(', ')}
        </li>
      )}
      {props.removed.length > 0 && (
        <li>
          <strong>Removes:</strong> {props.removed.map(privilegeLabel).join(', ')}
        </li>
      )}
    </ul>
  );
}
