import { TextField } from './ui.tsx';

/** A labelled password box: the one shape of every password field in the portal and the console. */
export function PasswordField(props: {
  label: string;
  hint?: string;
  error?: string;
  autoComplete: 'current-password' | 'new-password';
  name?: string;
  required?: boolean;
  minLength?: number;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      label={props.label}
      hint={props.hint}
      error={props.error}
      type="password"
      name={props.name}
      autoComplete={props.autoComplete}
      required={props.required}
      minLength={props.minLength}
      value={props.value}
      onChange={props.onChange}
    />
  );
}
