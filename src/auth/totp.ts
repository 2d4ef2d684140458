import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { hashToken } from './tokens.ts';

const ISSUER = 'Portico';
// One 30-second step either side: a phone's clock a little off still works.
const TOLERANCE_SECONDS = 30;
const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const newTotpSecret = (): string => generateSecret();

/** What an authenticator app needs: the otpauth:// URI, and the same as a QR code (data URL). */
export async function enrolmentOf(secret: string, account: string) {
  const otpauthUri = generateURI({ issuer: ISSUER, label: account, secret });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri) };
}

export const isTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));

/**
 * The time step of a valid code newer than `afterStep` (so each code works once), or null.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  afterStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!isTotpCode(token)) return null;
  const result = await verify({
    secret,
    token,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten codes like `k7m2p-x9qrt`: about 48 bits each, shown once, kept only as digests. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
export const recoveryCodeHash = (code: string) => hashToken(code.toLowerCase().replace(/[\s-]/g, ''));
