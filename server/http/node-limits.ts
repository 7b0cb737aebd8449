import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE } from '../contract/media-types.js';

/**
 * What Node's HTTP server allows one client, set on purpose rather than left to Node's defaults
 * (server/README.md, "Connection limits", gives the reasons). Each bounds what a slow or hostile
 * client can hold: a socket, a parser buffer, a place in the connection table.
 */
export interface NodeHttpLimits {
  /** ms to receive a request's headers (slowloris: a client trickling headers holds a socket). */
  readonly headersTimeoutMs: number;
  /** ms to receive a whole request, body included (8 MiB at the slowest honest client). */
  readonly requestTimeoutMs: number;
  /** ms an idle keep-alive connection is kept for its next request. */
  readonly keepAliveTimeoutMs: number;
  /** Bytes of request line and headers together; past it, 431. */
  readonly maxHeaderBytes: number;
  /** Open connections; past it, Node closes new ones at once (no HTTP answer is possible). */
  readonly maxConnections: number;
  /** ms between Node's checks of the two request timeouts (they fire up to this much late). */
  readonly timeoutCheckMs: number;
}

export const NODE_HTTP_LIMITS: NodeHttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 4_096,
  timeoutCheckMs: 1_000,
};

/** The options of `http.createServer` that carry the limits (the rest are set on the server). */
export function nodeServerOptions(limits: NodeHttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: limits.timeoutCheckMs,
  };
}

/**
 * Applies the limits Node takes on the server itself, and answers what Node refuses before the app
 * sees a request (a header block too large, a request that is not HTTP, a timeout) with the same
 * problem+json as every other error, instead of Node's bare status line.
 */
export function hardenServer(server: Server, limits: NodeHttpLimits, logger: Logger): void {
  server.maxConnections = limits.maxConnections;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // No code, no raw packet: a header may hold a credential.
    logger.debug({ code: error.code }, 'client error');
    // As Node's own handler: answer only if nothing of a response was written on this socket.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      socket.end(clientErrorResponse(error.code));
    } else {
      socket.destroy();
    }
  });
}

const CLIENT_ERRORS: Record<string, readonly [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'header-too-large',
    'the request line and headers are over the limit of this server',
  ],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [
    413,
    'Content Too Large',
    'payload-too-large',
    'the chunk extensions of the request body are over the limit of this server',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'request-timeout',
    'the request did not arrive in time (headers or body too slow)',
  ],
};
const BAD_REQUEST = [400, 'Bad Request', 'malformed-http', 'the request is not valid HTTP/1.1'] as const;

/** A whole raw HTTP/1.1 response (the socket has no request or response object at this point). */
export function clientErrorResponse(code: string | undefined): string {
  const [status, reason, kind, detail] = (code !== undefined && CLIENT_ERRORS[code]) || BAD_REQUEST;
  const body = JSON.stringify({ type: `urn:affsim:problem:${kind}`, title: reason, status, detail });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
