// A searchable choice (ARIA 1.2 combobox with a listbox popup): type to search on the server
// (debounced), arrow keys move through the choices, Enter picks one, Escape closes the list (a
// second Escape clears the text), and a screen reader hears how many choices there are. Use it
// inside <Field>, which gives the label: pass its `control` wiring. Styles: combobox.css.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { messageFor } from './api.ts';
import type { FieldControlProps } from './ui.tsx';
import { useDebouncedValue } from './useDebouncedValue.ts';
import './combobox.css';

export type ComboboxOption = { id: string; label: string; description?: string };

export function Combobox(props: {
  control: FieldControlProps;
  value: ComboboxOption | null;
  onChange: (option: ComboboxOption | null) => void;
  search: (text: string, signal: AbortSignal) => Promise<ComboboxOption[]>;
  /** The cache key of the search; the typed text is appended. */
  queryKey: QueryKey;
  placeholder?: string;
  name?: string;
  /** What is cleared, for the clear button's name: "contact" → "Clear contact". */
  clearLabel?: string;
  disabled?: boolean;
}) {
  const { value, control } = props;
  const listId = `${control.id}-list`;
  const statusId = `${control.id}-status`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value?.label ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  // A value chosen (or renamed, once loaded) from outside shows in the box.
  const chosenId = value?.id ?? null;
  const chosenLabel = value?.label ?? null;
  useEffect(() => {
    if (chosenLabel !== null) setText(chosenLabel);
  }, [chosenId, chosenLabel]);

  // While a value is chosen the box shows its name: searching for that would only find itself.
  const wanted = value && text === value.label ? '' : text.trim();
  const searchText = useDebouncedValue(wanted, 250);
  // Until the search has caught up with the typing, the choices on offer are not for this text:
  // none are shown, so Enter cannot pick a stale one.
  const catchingUp = searchText !== wanted;
  const results = useQuery({
    queryKey: [...props.queryKey, searchText],
    queryFn: ({ signal }) => props.search(searchText, signal),
    enabled: open && !props.disabled,
    staleTime: 30_000,
  });
  const options = catchingUp ? [] : (results.data ?? []);

  useEffect(() => setActive(-1), [searchText]);

  const pick = (option: ComboboxOption) => {
    props.onChange(option);
    setText(option.label);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        else if (options.length) setActive((i) => (i + 1) % options.length);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (open && options.length) setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
        return;
      case 'Enter': {
        const option = open ? options[active] : undefined;
        if (option) {
          event.preventDefault();
          pick(option);
        }
        return;
      }
      case 'Escape':
        // Inside a dialog, the first Escape closes the list, not the dialog.
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
        } else if (text && !value) {
          event.preventDefault();
          event.stopPropagation();
          setText('');
        }
        return;
    }
  };

  const status = !open
    ? ''
    : catchingUp || results.isPending
      ? 'Searching…'
      : results.isError
        ? messageFor(results.error)
        : options.length === 0
          ? 'Nothing matches.'
          : `${options.length} ${options.length === 1 ? 'choice' : 'choices'}; use the arrow keys to choose.`;
  const showMessage = open && (catchingUp || results.isPending || results.isError || options.length === 0);

  return (
    <div className="combobox">
      <div className="combobox-row">
        <input
          {...control}
          ref={inputRef}
          name={props.name}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open && options.length > 0}
          aria-controls={listId}
          aria-activedescendant={open && options[active] ? `${control.id}-opt-${active}` : undefined}
          placeholder={props.placeholder}
          disabled={props.disabled}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            if (value) props.onChange(null);
          }}
          onFocus={() => {
            if (!value) setOpen(true);
          }}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {(value || text) && !props.disabled && (
          <button
            type="button"
            className="btn btn-secondary combobox-clear"
            aria-label={props.clearLabel ? `Clear ${props.clearLabel}` : 'Clear'}
            onClick={() => {
              setText('');
              if (value) props.onChange(null);
              inputRef.current?.focus();
            }}
          >
            Clear
          </button>
        )}
      </div>
      <ul id={listId} role="listbox" className="combobox-list" aria-label="Choices">
        {open &&
          options.map((option, index) => (
            <li
              key={option.id}
              id={`${control.id}-opt-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'combobox-option combobox-option-active' : 'combobox-option'}
              // Keep the focus in the box: the choice is made on click.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(option)}
              onMouseMove={() => setActive(index)}
            >
              <span className="combobox-label">{option.label}</span>
              {option.description && <span className="combobox-description">{option.description}</span>}
            </li>
          ))}
      </ul>
      {showMessage && (
        <p className="combobox-empty" aria-hidden="true">
          {status}
        </p>
      )}
      <p className="visually-hidden" id={statusId} role="status">
        {status}
      </p>
    </div>
  );
}
