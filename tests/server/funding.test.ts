import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { saveCostAssumptionsAction, saveFundingLineAction } from "@app/(staff)/admin/funding/actions";
import { DEFAULT_COST_ASSUMPTIONS } from "@/domain/costs";
import { costAssumptions, listFundingLines } from "@/server/funding";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let admin: Actor;
let nurse: Actor;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const a = await makeUser(db.prisma, site.id, "ADMIN");
  const n = await makeUser(db.prisma, site.id, "NURSE");
  admin = { userId: a.id, name: a.name, role: "ADMIN", siteId: site.id };
  nurse = { userId: n.id, name: n.name, role: "NURSE", siteId: site.id };
  signedInAs.actor = admin;
});
afterAll(() => db?.close());

const line = (fields: Record<string, string>) =>
  saveFundingLineAction(null, form({ financialYear: "2019", kind: "FUNDING", source: "Office of the Police and Crime Commissioner", amount: "£131,287", ...fields }));

describe("funding lines", () => {
  it("adds a line in pence, audited", async () => {
    expect(await line({})).toMatchObject({ ok: true });
    const [saved] = await listFundingLines(db.prisma, admin.siteId);
    expect(saved).toMatchObject({ financialYear: 2019, kind: "FUNDING", amountPence: 13_128_700, updatedById: admin.userId });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: saved!.id } });
    expect(audit).toMatchObject({ action: "funding.create", summary: { before: null, after: { amountPence: 13_128_700 } } });
  });

  it("refuses a second line for the same source, year and kind", async () => {
    expect(await line({ amount: "5" })).toMatchObject({ ok: false, code: "rule", fieldErrors: { source: expect.any(String) } });
  });

  it("keeps in-kind resources apart from funding from the same source", async () => {
    expect(await line({ kind: "IN_KIND", amount: "225,225" })).toMatchObject({ ok: true });
    expect(await listFundingLines(db.prisma, admin.siteId)).toHaveLength(2);
  });

  it("changes a line, auditing the amount before and after", async () => {
    const [saved] = await db.prisma.fundingLine.findMany({ where: { kind: "FUNDING" } });
    expect(await line({ fundingLineId: saved!.id, amount: "131,287.50", note: "Revised award letter" })).toMatchObject({ ok: true });
    expect(await db.prisma.fundingLine.findUniqueOrThrow({ where: { id: saved!.id } })).toMatchObject({ amountPence: 13_128_750, note: "Revised award letter" });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: saved!.id, action: "funding.update" } });
    expect(audit.summary).toMatchObject({ before: { amountPence: 13_128_700 }, after: { amountPence: 13_128_750 } });
  });

  it("does not let a change collide with another line", async () => {
    const [inKind] = await db.prisma.fundingLine.findMany({ where: { kind: "IN_KIND" } });
    expect(await line({ fundingLineId: inKind!.id })).toMatchObject({ ok: false, code: "rule" });
  });

  it("does not let a nurse change funding", async () => {
    signedInAs.actor = nurse;
    expect(await line({ financialYear: "2020" })).toMatchObject({ ok: false, code: "forbidden" });
    signedInAs.actor = admin;
  });
});

describe("cost assumptions", () => {
  it("uses the defaults until the clinic sets its own", async () => {
    expect(await costAssumptions(db.prisma, admin.siteId)).toEqual(DEFAULT_COST_ASSUMPTIONS);
  });

  it("saves new figures with the reason, auditing before and after", async () => {
    const result = await saveCostAssumptionsAction(null, form({ costPerOffence: "4,100", basis: "Local police cost model 2026", reason: "Board asked for the local model" }));
    expect(result).toMatchObject({ ok: true });
    expect(await costAssumptions(db.prisma, admin.siteId)).toEqual({ costPerOffencePence: 410_000, basis: "Local police cost model 2026" });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "costAssumptions.update" } });
    expect(audit).toMatchObject({
      reason: "Board asked for the local model",
      summary: { before: { costPerOffencePence: 391_200 }, after: { costPerOffencePence: 410_000 } },
    });
  });

  it("falls back to the defaults when the stored value no longer fits", async () => {
    await db.prisma.setting.update({ where: { siteId_key: { siteId: admin.siteId, key: "costAssumptions" } }, data: { value: { costPerOffencePence: -1 } } });
    expect(await costAssumptions(db.prisma, admin.siteId)).toEqual(DEFAULT_COST_ASSUMPTIONS);
  });
});
