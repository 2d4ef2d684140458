import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Fastify's defaults (requestTimeout 0) let a client that sends its headers a byte at a time hold
 * a socket for ever. These options give every request a deadline for its headers and for the whole
 * request; Node enforces both on a timer, run here often enough to keep near the deadline.
 */
export function serverTimeouts(limits: Config['http']) {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = limits;
  return {
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    http: {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node's default is 30 s whatever the timeouts; a quarter of the shortest one, at least 100 ms.
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeoutMs / 4))),
    },
  };
}

/**
 * Caps open connections (beyond the cap Node closes new sockets at once, so a flood cannot exhaust
 * file descriptors), and closes a connection that has sent nothing by the header deadline: Node's
 * header timer only starts at the first byte.
 */
export function limitConnections(app: FastifyInstance, limits: Config['http']): void {
  app.server.maxConnections = limits.maxConnections;
  app.server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, limits.headersTimeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
