import path from 'node:path';
import { REPO } from './server.ts';

/** Every demo account's password (docs/demo.md). */
export const DEMO_PASSWORD = 'portico-demo-2026';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Where the tests leave their screenshots for the README (docs/screenshots/e2e-*.png). */
export const SCREENSHOT_DIR = path.join(REPO, 'docs', 'screenshots');

/**
 * A short tag for names that must be unique within a run. Each run has a new database, so the
 * journeys use plain names (they show in the screenshots); this is for tests that need more.
 */
export const RUN = Date.now().toString(36).slice(-5);

export const PEOPLE = {
  admin: 'admin@portico.example',
  tom: 'tom.becker@almond.shoestring.example',
  rachel: 'rachel.nguyen@almond.shoestring.example',
  linda: 'linda.park@almond.shoestring.example',
  dana: 'dana.whitfield@shoestring.example',
  robert: 'robert.haines@shoestring.example',
  laura: 'laura.callahan@northwind.example',
  andrew: 'andrew.fuller@northwind.example',
} as const;
