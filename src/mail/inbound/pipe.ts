// `portico mail-inbound`: an MTA pipes one message to standard input; it goes to the running
// server's webhook (so it works on the embedded database, which one process owns), and the exit
// code tells the MTA what happened (sysexits.h, as MTAs read them).
import type { Config } from '../../config.ts';

/** 0: processed, held or a duplicate; 1: refused; 75 (EX_TEMPFAIL): try again later; 78: misconfigured. */
export const PIPE_EXIT = { ok: 0, refused: 1, tempfail: 75, config: 78 } as const;

export type PipeResult = { exitCode: number; message: string };

async function readAll(input: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function pipeToServer(
  config: Config,
  env: NodeJS.ProcessEnv,
  input: NodeJS.ReadableStream,
): Promise<PipeResult> {
  const token = env.INBOUND_MAIL_TOKEN;
  if (!token) return { exitCode: PIPE_EXIT.config, message: 'INBOUND_MAIL_TOKEN is not set.' };
  const base = (env.PORTICO_URL || `http://127.0.0.1:${config.port}`).replace(/\/$/, '');
  const raw = await readAll(input);
  let response: Response;
  try {
    response = await fetch(`${base}/api/inbound/mail`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'message/rfc822',
        'x-portico-source': 'pipe',
      },
      body: new Uint8Array(raw),
    });
  } catch (error) {
    const why =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    return { exitCode: PIPE_EXIT.tempfail, message: `The server at ${base} cannot be reached (${why}).` };
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 404)
    return { exitCode: PIPE_EXIT.config, message: `The server refused the token (${response.status}).` };
  if (response.status === 413) return { exitCode: PIPE_EXIT.refused, message: 'refused: too_large' };
  if (!response.ok)
    return {
      exitCode: PIPE_EXIT.tempfail,
      message: `The server answered ${response.status}: ${text.slice(0, 200)}`,
    };
  const outcome = JSON.parse(text) as { status: string; reason: string };
  return {
    exitCode: outcome.status === 'refused' ? PIPE_EXIT.refused : PIPE_EXIT.ok,
    message: `${outcome.status}: ${outcome.reason}`,
  };
}
