/** Content types recognised from the first bytes of a file, never from its name or the client. */
const SIGNATURES: Array<{ type: string; bytes: number[]; offset?: number }> = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/gzip', bytes: [0x1f, 0x8b] },
  { type: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
];

const OFFICE_BY_EXTENSION: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

function looksLikeText(data: Uint8Array): boolean {
  const sample = data.subarray(0, 4096);
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, Math.max(0, sample.length - 4)));
    return true;
  } catch {
    return false;
  }
}

export function sniffContentType(data: Uint8Array, filename: string): string {
  for (const sig of SIGNATURES) {
    const offset = sig.offset ?? 0;
    if (data.length >= offset + sig.bytes.length && sig.bytes.every((b, i) => data[offset + i] === b)) {
      if (sig.type === 'application/zip') {
        // Office files are zip archives; the name only narrows a type the bytes already proved.
        const ext = filename.split('.').pop()?.toLowerCase() ?? '';
        return OFFICE_BY_EXTENSION[ext] ?? sig.type;
      }
      return sig.type;
    }
  }
  if (data.length > 0 && looksLikeText(data)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}
