// Pieces of a ticket's side sections, in the portal and the staff console alike.
import { useId, useState, type ReactNode } from 'react';

/**
 * A section whose heading is a button that shows or hides it (WAI-ARIA disclosure); its content
 * is rendered (and so its data read) only while it is open.
 */
export function Disclosure(props: { title: string; defaultOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const id = useId();
  return (
    <section className="card disclosure">
      <h2 className="disclosure-heading">
        <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true" className="disclosure-icon">
            {open ? '▾' : '▸'}
          </span>
          {props.title}
        </button>
      </h2>
      <div id={id} hidden={!open} className="disclosure-body">
        {open && props.children}
      </div>
    </section>
  );
}
