import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DatabaseConfig } from "./config";
import { lockDataDir } from "./pglite-lock";
import { createPrivateFiles, makePrivate } from "./private-files";

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
      const factory = new WholeScriptPg(new PrismaPg({ connectionString: config.url }));
      return { factory, close: async () => {} };
    }
    case "pglite-memory": {
      const pglite = new PGlite();
      return pgliteHandle(pglite, async () => {});
    }
    case "pglite": {
      const release = lockDataDir(config.dataDir);
      try {
        createPrivateFiles();
        makePrivate(config.dataDir);
        const pglite = new PGlite(config.dataDir);
        // Whatever the mask, PGlite writes a new database's files 0666 and its catalog cache
        // 0644: narrowed once it is up and again when it closes. The 0700 folders around
        // them keep everyone else out meanwhile.
        const narrow = () => makePrivate(config.dataDir);
        pglite.waitReady.then(narrow, () => {});
        return pgliteHandle(pglite, async () => {
          narrow();
          release();
        });
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

/**
 * The pg adapter runs a migration script by splitting it on ";", which breaks PL/pgSQL
 * function bodies (the append-only triggers). PostgreSQL's simple query protocol runs a
 * whole multi-statement script, as Prisma's native engine does for `migrate deploy`.
 */
class WholeScriptPg implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName: string;

  constructor(private readonly inner: PrismaPg) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return runWholeScripts(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return runWholeScripts(await this.inner.connectToShadowDb());
  }
}

function runWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const pool = (adapter as SqlDriverAdapter & { underlyingDriver(): pg.Pool }).underlyingDriver();
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}
