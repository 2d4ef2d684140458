import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2 (a const enum, not importable under verbatimModuleSyntax).
const ARGON2ID = 2;

export type Argon2Settings = { memoryCost: number; timeCost: number };

const MIN_LENGTH = 10;
const MAX_LENGTH = 256;

export async function hashPassword(password: string, settings: Argon2Settings): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, parallelism: 1, ...settings });
}

/** A hash made with weaker settings than today's should be replaced on the next sign-in. */
export function needsRehash(stored: string, settings: Argon2Settings): boolean {
  const m = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=\d+\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < settings.memoryCost || Number(m[2]) < settings.timeCost;
}

// Verifying against this when the account does not exist keeps timing the same either way.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(
  stored: string | null | undefined,
  password: string,
  settings: Argon2Settings,
): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('portico-timing-equalizer', settings);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Returns why a new password is refused, or null (ASVS: length over composition rules). */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < MIN_LENGTH) return `must be at least ${MIN_LENGTH} characters`;
  if (password.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (new Set(password).size < 4) return 'is too repetitive';
  const lower = password.toLowerCase();
  // Each word of the name and of the e-mail's local part counts on its own.
  const words = context.flatMap((text) => (text.toLowerCase().split('@')[0] ?? '').split(/[^\p{L}\p{N}]+/u));
  if (words.some((w) => w.length >= 3 && lower.includes(w)))
    return 'must not contain your name or e-mail address';
  return null;
}
