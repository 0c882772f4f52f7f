import { describe, expect, it } from "vitest";
import { FORM_BODY_LIMIT_BYTES, FORM_TOO_LARGE, LENGTH_REQUIRED, MALFORMED_LENGTH, NOT_A_FORM, refuseRequestBody, type RequestHeadline } from "@/domain/request-limits";
import { MAX_IMPORT_BYTES } from "@/server/imports.input";

const FORM = "multipart/form-data; boundary=----WebKitFormBoundaryabc";
const post = (changes: Partial<RequestHeadline>): RequestHeadline => ({
  method: "POST",
  contentLength: "512",
  transferEncoding: null,
  contentType: FORM,
  serverAction: true,
  ...changes,
});

describe("what a request may send, from its headers", () => {
  it("leaves room for the largest form, a 1,000,000-byte CSV import with its envelope", () => {
    expect(FORM_BODY_LIMIT_BYTES).toBe(1_048_576);
    expect(MAX_IMPORT_BYTES + 32 * 1024).toBeLessThan(FORM_BODY_LIMIT_BYTES);
  });

  it.each([
    ["a form at the limit", post({ contentLength: String(FORM_BODY_LIMIT_BYTES) }), null],
    ["a form one byte over the limit", post({ contentLength: String(FORM_BODY_LIMIT_BYTES + 1) }), { status: 413, message: FORM_TOO_LARGE }],
    ["the 20 MB post of the finding", post({ contentLength: String(20 * 1024 * 1024) }), { status: 413, message: FORM_TOO_LARGE }],
    ["a length too long to be a number", post({ contentLength: "9".repeat(400) }), { status: 413, message: FORM_TOO_LARGE }],
    ["an empty form", post({ contentLength: "0" }), null],
    ["a form of unknown length (chunked)", post({ contentLength: null, transferEncoding: "chunked" }), { status: 411, message: LENGTH_REQUIRED }],
    ["a negative length", post({ contentLength: "-1" }), { status: 400, message: MALFORMED_LENGTH }],
    ["a length that is not a number", post({ contentLength: "1e9" }), { status: 400, message: MALFORMED_LENGTH }],
    ["an action call that is JSON, not a form", post({ contentType: "application/json" }), { status: 400, message: NOT_A_FORM }],
    ["an action call in plain text (what React sends for arguments that are not a form)", post({ contentType: "text/plain;charset=UTF-8" }), { status: 400, message: NOT_A_FORM }],
    ["an action call with no body at all", post({ contentLength: null, contentType: null }), { status: 400, message: NOT_A_FORM }],
    ["an action call posted as a URL-encoded form", post({ contentType: "application/x-www-form-urlencoded" }), { status: 400, message: NOT_A_FORM }],
    ["an action call with a multipart type but no boundary", post({ contentType: "multipart/form-data" }), { status: 400, message: NOT_A_FORM }],
    ["an action call in upper case", post({ contentType: "MULTIPART/FORM-DATA; boundary=x" }), null],
    ["a sign-in post (URL-encoded, not an action)", post({ serverAction: false, contentType: "application/x-www-form-urlencoded" }), null],
    ["a page request", post({ method: "GET", contentLength: null, contentType: null, serverAction: false }), null],
    ["a GET claiming a huge body", post({ method: "GET", contentLength: String(20 * 1024 * 1024), serverAction: false }), null],
  ] as const)("%s", (_, request, expected) => {
    expect(refuseRequestBody(request)).toEqual(expected);
  });
});
