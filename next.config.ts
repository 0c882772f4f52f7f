import type { NextConfig } from "next";
import { FORM_BODY_LIMIT_BYTES } from "./src/domain/request-limits";

// Fixed headers for every response. The Content-Security-Policy carries a fresh nonce per
// request, so proxy.ts sets it (and Strict-Transport-Security, which depends on the scheme).
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// Build assets skip the proxy (no session to check, no nonce to give): a policy that lets
// them do nothing if ever opened as a document.
const staticAssetPolicy = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };

const nextConfig: NextConfig = {
  // PGlite and Prisma's adapters are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // A separate build directory lets an e2e build run beside a developer's own.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  experimental: {
    // forbidden(): a wrong role gets a 403 page from the page itself, not only from the proxy.
    authInterrupts: true,
    // What forms need (src/domain/request-limits.ts). The proxy refuses a larger declared
    // body with 413; these bound what Next.js buffers for the proxy (10 MB by default) and
    // parses for a server action when the size is not declared.
    serverActions: { bodySizeLimit: FORM_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: FORM_BODY_LIMIT_BYTES,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/_next/static/:path*", headers: [staticAssetPolicy] },
      { source: "/favicon.ico", headers: [staticAssetPolicy] },
    ];
  },
};

export default nextConfig;
