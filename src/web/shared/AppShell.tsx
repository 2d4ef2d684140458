// The frame of every signed-in page, portal and staff alike: skip link, header with the main
// navigation (a "Menu" button opens it on a phone), an optional banner, and the main region.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';

export type NavItem = { to: string; label: string; end?: boolean };

export function AppShell(props: {
  home: string;
  product: string;
  context?: ReactNode;
  nav: NavItem[];
  user?: ReactNode;
  banner?: ReactNode;
  children: ReactNode;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);
  // A page change closes the phone menu, starts at the top, and takes a screen reader to the new
  // content (focus on the main region) instead of leaving it on the link that was used.
  useEffect(() => {
    setMenuOpen(false);
    if (location.pathname === firstPath.current) return;
    firstPath.current = location.pathname;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      {props.banner}
      <header className="app-header">
        <div className="topbar">
          <Link to={props.home} className="brand">
            <span className="brand-mark" aria-hidden="true">
              P
            </span>
            <span className="brand-name">Portico</span>
            <span className="brand-product">{props.product}</span>
          </Link>
          {props.context && <div className="topbar-context">{props.context}</div>}
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="app-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true" className="menu-icon">
              {menuOpen ? '✕' : '☰'}
            </span>
            Menu
          </button>
          <div id="app-menu" className={`app-menu ${menuOpen ? 'app-menu-open' : ''}`}>
            <nav aria-label="Main" className="main-nav">
              <ul>
                {props.nav.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            {props.user && <div className="user-area">{props.user}</div>}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        {props.children}
      </main>
    </div>
  );
}

/** A centred card for pages without the app frame: sign-in, password links. */
export function CenteredCard(props: { title: string; product: string; children: ReactNode }) {
  return (
    <div className="centered-page">
      <main id="main" className="centered-card">
        <p className="brand brand-static">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">Portico</span>
          <span className="brand-product">{props.product}</span>
        </p>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </div>
  );
}
