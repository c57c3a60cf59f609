/**
 * An r2d2 request line: `<cmd>[ <file>]\r\n`, fields separated by single spaces (r2d2 does not
 * collapse runs of spaces, so "READ  x" has three fields).
 */
export interface R2d2Request {
  readonly cmd: string;
  /** The file when the line has exactly two fields, otherwise ''. */
  readonly file: string;
  /** Whether the line names a file (exactly two fields). A file rule never matches a request without one. */
  readonly hasFile: boolean;
}

/** Splits a request line (without its CRLF). */
export function parseRequest(line: string): R2d2Request {
  const fields = line.split(' ');
  const hasFile = fields.length === 2;
  return { cmd: fields[0], file: hasFile ? fields[1] : '', hasFile };
}

/** The access-log fields of a request, as Cilium logs them. */
export function logFields(req: R2d2Request): Record<string, string> {
  return { cmd: req.cmd, file: req.file };
}
