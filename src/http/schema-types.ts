import { z } from 'zod';

/** Timestamps: Date in handlers, ISO 8601 strings on the wire and in the OpenAPI document. */
export const DateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

export const DateOnly = z.iso.date();
export const Id = z.uuid();
export const IdParams = z.strictObject({ id: z.uuid() });

/** Free text fields: trimmed, bounded. */
export const Text = (max = 200) => z.string().trim().max(max);
export const RequiredText = (max = 200) => z.string().trim().min(1).max(max);
