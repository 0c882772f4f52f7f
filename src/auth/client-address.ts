import "server-only";
import { environment } from "@/config/env";
import { clientAddress, UNKNOWN_ADDRESS } from "@/domain/client-address";
import { log } from "@/server/log";

const APPENDED = Symbol.for("hat-clinic.socket-address-appended");
let warned = false;

/**
 * The client's address for a request, as src/domain/client-address.ts reads it. Only under
 * `npm start` (server.mjs), which appends the socket's address, is the header believed; under
 * `next dev` or a bare `next start` every client is "unknown", so throttling falls back to
 * per-account limits rather than trusting what the client says.
 */
export function requestAddress(headers: Headers | Record<string, unknown> | undefined): string {
  if ((globalThis as Record<symbol, unknown>)[APPENDED] !== true) {
    if (!warned) log.warn({ event: "client-address.unknown" }, "client addresses unknown: start the app with `npm start` (server.mjs)");
    warned = true;
    return UNKNOWN_ADDRESS;
  }
  const value = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  return clientAddress(typeof value === "string" ? value : null, environment().TRUSTED_PROXY_HOPS);
}
