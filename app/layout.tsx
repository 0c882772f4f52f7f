import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "HAT Clinic", template: "%s · HAT Clinic" },
  description: "Operations for a heroin-assisted treatment service",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page, the 403 and 404 pages too, renders per request: Next.js can put the
  // proxy's per-request CSP nonce only on scripts it renders on demand (see proxy.ts).
  await connection();
  return (
    <html lang="en-GB">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
