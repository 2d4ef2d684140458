// Runs before `npm start`: builds the web UI when dist/web is missing or older than its sources,
// so a fresh clone (or a pulled change) shows the current UI with no extra step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');
const built = join(repo, 'dist', 'web', 'index.html');

function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

const sources = Math.max(newestSource(join(repo, 'src', 'web')), newestSource(join(repo, 'vite.config.ts')));
if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0);

console.log(existsSync(built) ? 'The web UI changed: rebuilding it.' : 'Building the web UI (first start).');
const vite = join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: repo,
  stdio: 'inherit',
});
if (result.status !== 0) {
  // The API still starts; /portal then serves the last build, or says the UI is not built.
  console.warn('\nThe web UI could not be built (see above); starting the server anyway.\n');
}
