import path from "node:path";

/** Where the data lives, decided by DATABASE_URL. */
export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory" }
  | { kind: "postgres"; url: string };

export const DEFAULT_PGLITE_DIR = "./data/pglite";

/**
 * unset or `pglite:<dir>` → PGlite persisted in <dir> (default ./data/pglite);
 * `pglite:memory` → throwaway in-memory PGlite (tests);
 * `postgres://…` / `postgresql://…` → a PostgreSQL server.
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  if (!url || url === "pglite:" || url === "pglite") {
    return { kind: "pglite", dataDir: path.resolve(DEFAULT_PGLITE_DIR) };
  }
  if (url === "pglite:memory") return { kind: "pglite-memory" };
  if (url.startsWith("pglite:")) {
    return { kind: "pglite", dataDir: path.resolve(url.slice("pglite:".length)) };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return { kind: "postgres", url };
  }
  throw new Error(
    `DATABASE_URL must be unset, "pglite:<dir>", "pglite:memory" or a postgresql:// URL (got "${url.split(":")[0]}:…")`,
  );
}
