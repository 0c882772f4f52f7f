import { describe, expect, it } from "vitest";
import { clientAddress } from "@/domain/client-address";

// server.mjs appends the socket's address, so the last entry is always the socket's.
describe("the client's address, for sign-in throttling", () => {
  it.each([
    ["no proxy: the socket's address", "198.51.100.4", 0, "198.51.100.4"],
    ["no proxy, a forged header: still the socket's", "1.2.3.4, 198.51.100.4", 0, "198.51.100.4"],
    ["no proxy, a forged list: still the socket's", "10.0.0.1, 10.0.0.2, 10.0.0.3, 198.51.100.4", 0, "198.51.100.4"],
    ["one trusted proxy: what it saw", "203.0.113.7, 10.1.1.1", 1, "203.0.113.7"],
    ["one trusted proxy, a forged entry before it: what it saw", "1.2.3.4, 203.0.113.7, 10.1.1.1", 1, "203.0.113.7"],
    ["two trusted proxies", "1.2.3.4, 203.0.113.7, 10.1.1.2, 10.1.1.1", 2, "203.0.113.7"],
    ["fewer entries than proxies: the furthest", "10.1.1.1", 2, "10.1.1.1"],
    ["an IPv6 socket", "2001:db8::1", 0, "2001:db8::1"],
    ["an IPv4 client on an IPv6 socket: one address", "::ffff:198.51.100.4", 0, "198.51.100.4"],
  ])("%s", (_, header, hops, expected) => {
    expect(clientAddress(header, hops)).toBe(expected);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["not an address", "evil, <script>"],
    ["an oversized value where the address should be", "9".repeat(100_000)],
    ["an address with a port", "198.51.100.4:5555"],
  ])("is 'unknown' for %s, never the value as sent", (_, header) => {
    expect(clientAddress(header, 0)).toBe("unknown");
  });

  it("with a trusted proxy, an oversized forged entry before it is ignored", () => {
    expect(clientAddress(`${"x".repeat(100_000)}, 203.0.113.7, 10.1.1.1`, 1)).toBe("203.0.113.7");
  });
});
