import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, TEST_ROLES, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

/**
 * Issue 16, finding 6: the app connected as the tables' owner and a superuser, so it could
 * drop or disable its own append-only triggers. On PostgreSQL the app now connects as a role
 * with row access only (src/db/roles.ts, `npm run db:roles`); this proves its limits.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(!onPostgres)("the app's database role (PostgreSQL only: PGlite has a single role, so there is nothing to limit)", () => {
  let db: TestDatabase;
  let app: NonNullable<TestDatabase["appSql"]>;
  let siteId: string;
  let userId: string;

  beforeAll(async () => {
    db = await freshDatabase();
    app = db.appSql!;
    siteId = (await makeSite(db.prisma)).id;
    userId = (await makeUser(db.prisma, siteId, "NURSE")).id;
  });
  afterAll(() => db?.close());

  it("is what the app connects as: not a superuser, owning nothing", async () => {
    expect(await db.prisma.$queryRaw`SELECT current_user::text AS role`).toEqual([{ role: TEST_ROLES.app }]);
    const { rows } = await app(`SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = current_user`);
    expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false }]);
    const owned = await app(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user`);
    expect(owned.rows).toEqual([{ n: 0 }]);
  });

  it("reads and writes rows, as the app needs", async () => {
    await app(`INSERT INTO "AuditEvent" (action, entity, "entityId", "actorId") VALUES ('test.write', 'Site', $1, $2)`, [siteId, userId]);
    const { rows } = await app(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityId" = $1`, [siteId]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("cannot disable, drop or bypass the append-only triggers", async () => {
    await expect(app(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`)).rejects.toThrow(/must be owner/);
    await expect(app(`ALTER TABLE "DoseSession" DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(app(`DROP TRIGGER "Prescription_append_only" ON "Prescription"`)).rejects.toThrow(/must be owner/);
    await expect(app(`DROP FUNCTION hat_reject_change() CASCADE`)).rejects.toThrow(/must be owner/);
    await expect(app(`CREATE OR REPLACE FUNCTION hat_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`)).rejects.toThrow(/must be owner|permission denied/);
    // Replica mode skips ordinary triggers; only a superuser may set it.
    await expect(app(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    const { rows } = await db.sql(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'AuditEvent_append_only' AND tgenabled = 'O'`);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("cannot TRUNCATE, DROP or ALTER a table, nor create one", async () => {
    for (const table of ["DoseSession", "Prescription", "DoseSessionEvent", "ControlledDrugEntry", "AuditEvent"]) {
      await expect(app(`TRUNCATE "${table}" CASCADE`), table).rejects.toThrow(/permission denied/);
      await expect(app(`DROP TABLE "${table}" CASCADE`), table).rejects.toThrow(/must be owner/);
    }
    await expect(app(`ALTER TABLE "Hold" ADD COLUMN note text`)).rejects.toThrow(/must be owner/);
    await expect(app(`CREATE TABLE shadow (id int)`)).rejects.toThrow(/permission denied/);
  });

  it("cannot rewrite the migration history", async () => {
    await expect(app(`DELETE FROM _prisma_migrations`)).rejects.toThrow(/permission denied/);
    const { rows } = await app(`SELECT count(*)::int AS n FROM _prisma_migrations`);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
