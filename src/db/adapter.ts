import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseConfig } from "./config";
import { lockDataDir } from "./pglite-lock";

export type AdapterHandle = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** The embedded database, when there is one (tests use it for raw SQL). */
  pglite?: PGlite;
  close: () => Promise<void>;
};

/** Opens the database named by the config and returns a Prisma driver adapter factory for it. */
export function openAdapter(config: DatabaseConfig): AdapterHandle {
  switch (config.kind) {
    case "postgres": {
      const factory = new PrismaPg({ connectionString: config.url });
      return { factory, close: async () => {} };
    }
    case "pglite-memory": {
      const pglite = new PGlite();
      return pgliteHandle(pglite, async () => {});
    }
    case "pglite": {
      const release = lockDataDir(config.dataDir);
      const releaseAsync = async () => release();
      try {
        const pglite = new PGlite(config.dataDir);
        return pgliteHandle(pglite, releaseAsync);
      } catch (error) {
        release();
        throw error;
      }
    }
  }
}

function pgliteHandle(pglite: PGlite, release: () => Promise<void>): AdapterHandle {
  // The adapter is typed against an older driver-adapter-utils; the runtime contract is the same.
  const factory = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return {
    factory,
    pglite,
    close: async () => {
      await pglite.close();
      await release();
    },
  };
}
