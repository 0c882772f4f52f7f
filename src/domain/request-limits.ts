/**
 * What a request may send, decided from its headers before its body is read.
 *
 * The largest form is a CSV import of up to 1,000,000 bytes (`MAX_IMPORT_BYTES`); the rest
 * of the mebibyte is room for the multipart envelope and the other fields. Every other form
 * is a few kilobytes, a photo too once the browser has made it small (identity-check.ts).
 * Next.js buffers a request's body for the proxy and parses a server action's body up to
 * this limit too (next.config.ts), so no request can make the server hold more than this before its session is checked.
 */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

/** Shown beside the form, which keeps what was typed. */
export const FORM_TOO_LARGE = "Not saved: what was sent is larger than 1 MB. Shorten the longest answer and press again; what you typed is still here.";
export const LENGTH_REQUIRED = "Not saved: the request did not say how large it is.";
export const MALFORMED_LENGTH = "Not saved: the request's Content-Length could not be read.";
export const NOT_A_FORM = "Not saved: the request was not a form from this system.";
export const FORM_INCOMPLETE = "Not saved: the form arrived incomplete. Press again; what you typed is still here.";

export type BodyRefusal = { status: 400 | 411 | 413; message: string };

export type RequestHeadline = {
  method: string;
  contentLength: string | null;
  transferEncoding: string | null;
  contentType: string | null;
  /** A POST naming a server action (Next.js' `Next-Action` header). */
  serverAction: boolean;
};

const DIGITS = /^\d+$/;

/**
 * Null when the request may go on; otherwise the status and message to answer with. A body
 * of unknown length (chunked) is refused because it could only be bounded by reading it.
 * Every server action here takes a form (React sends it as multipart/form-data, with or
 * without the page's script): anything else is a hand-made request.
 */
export function refuseRequestBody(request: RequestHeadline): BodyRefusal | null {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  const length = request.contentLength?.trim() ?? null;
  if (length === null) {
    if (request.transferEncoding) return { status: 411, message: LENGTH_REQUIRED };
  } else {
    if (!DIGITS.test(length)) return { status: 400, message: MALFORMED_LENGTH };
    if (Number(length) > FORM_BODY_LIMIT_BYTES) return { status: 413, message: FORM_TOO_LARGE };
  }
  if (request.serverAction && !/^multipart\/form-data\s*;/i.test(request.contentType ?? "")) return { status: 400, message: NOT_A_FORM };
  return null;
}
