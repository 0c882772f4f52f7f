import { z } from "zod";

/**
 * Who is on the other end: the address sign-in throttling counts by. The server
 * (server.mjs) appends the socket's address to X-Forwarded-For, as every proxy does, so
 * the last entry is always the socket's and anything to its left was said by whoever
 * connected. Only the reverse proxies the deployment names (TRUSTED_PROXY_HOPS) are
 * believed: the entry that many places from the right is the client. With no proxy (0) a
 * forged header changes nothing. A value that is not an IP address (a proxy
 * misconfigured, a header cut short) is "unknown", never stored as typed.
 */
export const UNKNOWN_ADDRESS = "unknown";

const IpAddress = z.union([z.ipv4(), z.ipv6()]);

export function clientAddress(forwardedFor: string | null | undefined, trustedProxyHops: number): string {
  if (!forwardedFor) return UNKNOWN_ADDRESS;
  const entries = forwardedFor.split(",");
  const entry = entries[Math.max(0, entries.length - 1 - trustedProxyHops)]!.trim();
  // An IPv4 client reached over an IPv6 socket: one address, one key.
  const address = entry.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return address.length <= 45 && IpAddress.safeParse(address).success ? address : UNKNOWN_ADDRESS;
}
