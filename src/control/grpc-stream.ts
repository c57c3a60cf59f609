import http2 from 'node:http2';
import net from 'node:net';
import { frameMessage, MessageDecoder } from './grpc-frames.ts';

/** How a gRPC call ended: status 0 is a clean end (Go's io.EOF), anything else an error. */
export interface GrpcStatus {
  code: number;
  message: string;
}

/** gRPC status codes used here (google.rpc.Code). */
export const GrpcCode = { OK: 0, CANCELLED: 1, UNKNOWN: 2, INTERNAL: 13, UNAVAILABLE: 14 } as const;

export interface GrpcStreamEvents {
  /** One received message. An exception thrown here ends the call with INTERNAL. */
  onMessage(message: Uint8Array): void;
  /** Called exactly once, unless the caller closed the call first. */
  onEnd(status: GrpcStatus): void;
}

/** Responses larger than this are refused (a whole policy snapshot is one message). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * One bidirectional-streaming gRPC call over HTTP/2 on a Unix socket, written against node:http2 so
 * the embedded runtime needs no gRPC library. One call per connection, as Cilium's client has:
 * ending the call closes the connection.
 */
export class GrpcStreamCall {
  private readonly session: http2.ClientHttp2Session;
  private stream: http2.ClientHttp2Stream | null = null;
  private readonly decoder = new MessageDecoder(MAX_MESSAGE_BYTES);
  private ended = false;
  private status: GrpcStatus | null = null;
  /** Resolves when the connection is up and the call's headers are on their way; rejects on failure. */
  readonly opened: Promise<void>;

  constructor(socketPath: string, method: string, private readonly events: GrpcStreamEvents) {
    // The authority of a Unix-socket target is "localhost", as Go's gRPC client sends.
    this.session = http2.connect('http://localhost', { createConnection: () => net.connect(socketPath) });
    this.opened = new Promise<void>((resolve, reject) => {
      this.session.once('connect', () => {
        try {
          this.startCall(method);
          resolve();
        } catch (e) {
          reject(e);
          this.finish({ code: GrpcCode.INTERNAL, message: errorText(e) });
        }
      });
      // `on`, not `once`: an error event without a listener would be thrown.
      this.session.on('error', (e) => {
        reject(e);
        this.finish({ code: GrpcCode.UNAVAILABLE, message: errorText(e) });
      });
    });
    // The promise's rejection is reported through onEnd; never let it count as unhandled.
    this.opened.catch(() => {});
    this.session.once('close', () => this.finish({ code: GrpcCode.UNAVAILABLE, message: 'connection closed' }));
    this.session.on('goaway', () => {
      // The server is going away: the stream may still finish, the close event ends the call otherwise.
    });
  }

  /** Sends one serialized message; `done` runs once it is handed to the socket (or failed). */
  send(message: Uint8Array, done?: (error?: Error | null) => void): void {
    const stream = this.stream;
    if (stream === null || this.ended) {
      done?.(new Error('gRPC: the call is not open'));
      return;
    }
    stream.write(frameMessage(message), done);
  }

  /** Ends the call from our side (half-close, then close), without calling onEnd. Idempotent. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.stream?.end();
      this.stream?.close(http2.constants.NGHTTP2_CANCEL);
    } finally {
      this.session.close();
      this.session.destroy();
    }
  }

  private startCall(method: string): void {
    const stream = this.session.request({
      ':method': 'POST',
      ':path': method,
      ':scheme': 'http',
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': 'tsproxylib-npds',
    });
    this.stream = stream;
    stream.on('response', (headers) => {
      const httpStatus = Number(headers[':status']);
      if (httpStatus !== 200) {
        this.finish({ code: GrpcCode.UNKNOWN, message: `HTTP status ${httpStatus}` });
        return;
      }
      // A "Trailers-Only" response carries the gRPC status in its only headers.
      if (headers['grpc-status'] !== undefined) this.status = statusFrom(headers);
    });
    stream.on('trailers', (trailers) => {
      this.status = statusFrom(trailers);
    });
    stream.on('data', (chunk: Buffer) => {
      if (this.ended) return;
      try {
        for (const message of this.decoder.push(chunk)) {
          if (this.ended) return;
          this.events.onMessage(message);
        }
      } catch (e) {
        this.finish({ code: GrpcCode.INTERNAL, message: errorText(e) });
      }
    });
    stream.on('error', (e) => this.finish({ code: GrpcCode.UNAVAILABLE, message: errorText(e) }));
    // The server's side ending ends the call ('close' would wait for our side too); the trailers,
    // which carry the status, arrive before it.
    const ended = () => {
      let status = this.status ?? { code: GrpcCode.UNAVAILABLE, message: 'stream ended without a gRPC status' };
      if (status.code === GrpcCode.OK && this.decoder.midMessage) status = { code: GrpcCode.INTERNAL, message: 'stream ended inside a message' };
      this.finish(status);
    };
    stream.on('end', ended);
    stream.on('close', ended);
  }

  private finish(status: GrpcStatus): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.stream?.close(http2.constants.NGHTTP2_CANCEL);
    } finally {
      this.session.destroy();
      this.events.onEnd(status);
    }
  }
}

function statusFrom(headers: http2.IncomingHttpHeaders): GrpcStatus {
  const code = Number(headers['grpc-status']);
  const raw = headers['grpc-message'];
  let message = typeof raw === 'string' ? raw : '';
  try {
    message = decodeURIComponent(message);
  } catch {
    // Not percent-encoded as the protocol asks: keep it as sent.
  }
  return { code: Number.isInteger(code) ? code : GrpcCode.UNKNOWN, message };
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code !== undefined && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}
