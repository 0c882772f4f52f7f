import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/auth/actor";
import { NOT_A_FORM } from "@/domain/request-limits";
import type { Role } from "@/generated/prisma/enums";
import { ACCESS_ACTIONS } from "@/server/access-audit";
import { boardRelease } from "@/server/board-release";
import { boardCsv } from "@/domain/board-report";
import { BoardFilterInput } from "@/server/board.input";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

/**
 * Issue 16, finding 7: the audit trail recorded changes only. Now it also records, with who,
 * when and what: every refused permission (page guard, the 403 page the proxy rewrites to,
 * server actions, API handlers), every opening of a named participant's record (or the
 * attempt, at another site), and every export. The real session lookup runs; next-auth's
 * cookie reading, the request's headers and Next.js' interrupts are test doubles.
 */

const request = vi.hoisted(() => {
  // next-auth's options are built on the way to the (replaced) session lookup; without this
  // they would write a secret into ./data.
  process.env.NEXTAUTH_SECRET = "access-audit-test-secret-of-32-characters-or-more";
  // Administrators and prescribers sign in here without the second step (tests/auth/sessions.test.ts covers it).
  process.env.REQUIRE_SECOND_FACTOR = "false";
  return { userId: null as string | null, path: "/" };
});
vi.mock("next-auth", () => ({
  getServerSession: async () => {
    const now = Math.floor(Date.now() / 1000);
    return request.userId ? { user: { id: request.userId }, clock: { signedInAt: now - 60, lastActivityAt: now - 10 }, sessionVersion: 0 } : null;
  },
}));
vi.mock("next/headers", async () => {
  const { REQUEST_PATH_HEADER: header } = await import("@/auth/routes");
  return { headers: async () => new Headers({ [header]: request.path }) };
});
vi.mock("next/navigation", () => ({
  forbidden: () => {
    throw new Error("NEXT_FORBIDDEN");
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createUserAction } = await import("@app/(staff)/admin/actions");
const { requirePermission } = await import("@/auth/session");
const { default: ForbiddenPage } = await import("@app/403/page");
const { default: ParticipantPage } = await import("@app/(staff)/participants/[id]/page");
const { default: EvidencePage } = await import("@app/(staff)/participants/[id]/evidence/page");
const { default: PrescribingPage } = await import("@app/(staff)/prescribing/[participantId]/page");
const { default: BoardReportPage } = await import("@app/(staff)/board/report/page");
const { GET: auditCsvGet } = await import("@app/api/admin/audit/route");
const { GET: boardCsvGet } = await import("@app/api/board/figures.csv/route");
const { GET: ndtmsGet } = await import("@app/api/ndtms/top/route");
const { GET: registerGet } = await import("@app/api/register/[productId]/route");

let db: TestDatabase;
const staff = {} as Record<Role, Actor>;
let participant: { id: string; reference: string; name: string };
let elsewhereId: string;
let productId: string;

function signIn(role: Role, path = "/") {
  request.userId = staff[role].userId;
  request.path = path;
}

async function eventsSince(id: bigint) {
  return db.prisma.auditEvent.findMany({ where: { id: { gt: id } }, orderBy: { id: "asc" } });
}

async function lastEventId(): Promise<bigint> {
  return (await db.prisma.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n;
}

beforeAll(async () => {
  db = await freshDatabase();
  (globalThis as unknown as { hatDatabase?: { prisma: unknown } }).hatDatabase = { prisma: db.prisma };
  const site = await makeSite(db.prisma);
  const other = await makeSite(db.prisma);
  for (const role of ["NURSE", "PRESCRIBER", "PHARMACIST", "BOARD", "ADMIN"] as const) {
    const user = await makeUser(db.prisma, site.id, role);
    staff[role] = { userId: user.id, name: user.name, role, siteId: site.id };
  }
  const enrolled = await makeEnrolledParticipant(db.prisma, site.id, staff.PRESCRIBER.userId);
  const identity = await db.prisma.participantIdentity.findFirstOrThrow({ where: { participantId: enrolled.participant.id } });
  participant = { id: enrolled.participant.id, reference: enrolled.participant.reference, name: identity.familyName };
  elsewhereId = (await makeEnrolledParticipant(db.prisma, other.id, staff.PRESCRIBER.userId)).participant.id;
  productId = (await db.prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine", strengthMg: 100, form: "ampoule" } })).id;
});
afterAll(() => db?.close());

beforeEach(() => {
  request.userId = null;
  request.path = "/";
});

describe("refused permissions are recorded", () => {
  it("a server action refused to a role: who, when, which action and what it needed", async () => {
    signIn("NURSE");
    const before = await lastEventId();
    const started = new Date();
    const result = await createUserAction(null, new FormData());
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    const [event, ...rest] = await eventsSince(before);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      action: ACCESS_ACTIONS.refused,
      actorId: staff.NURSE.userId,
      actorRole: "NURSE",
      siteId: staff.NURSE.siteId,
      entity: "Action",
      entityId: "user.create",
      summary: { required: ["user.manage"] },
    });
    expect(event!.at.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
  });

  it("a page the proxy sends to the 403 page, with the path asked for", async () => {
    signIn("NURSE", "/admin/audit");
    const before = await lastEventId();
    await expect(ForbiddenPage()).rejects.toThrow("NEXT_FORBIDDEN");
    expect(await eventsSince(before)).toMatchObject([
      { action: ACCESS_ACTIONS.refused, actorId: staff.NURSE.userId, entity: "Route", entityId: "/admin/audit", summary: { required: ["audit.read"] } },
    ]);
  });

  it("an API call the proxy sends to the 403 page", async () => {
    signIn("BOARD", "/api/ndtms/top");
    const before = await lastEventId();
    await expect(ForbiddenPage()).rejects.toThrow("NEXT_FORBIDDEN");
    expect(await eventsSince(before)).toMatchObject([{ actorId: staff.BOARD.userId, entity: "Route", entityId: "/api/ndtms/top", summary: { required: ["participant.read"] } }]);
  });

  it("nothing for the signed-out, or for the 403 page opened directly", async () => {
    const before = await lastEventId();
    request.path = "/admin";
    await expect(ForbiddenPage()).rejects.toThrow("NEXT_FORBIDDEN");
    signIn("NURSE", "/403");
    await expect(ForbiddenPage()).rejects.toThrow("NEXT_FORBIDDEN");
    expect(await eventsSince(before)).toEqual([]);
  });

  it("a page's own guard", async () => {
    signIn("PHARMACIST", "/participants");
    const before = await lastEventId();
    await expect(requirePermission("participant.read")).rejects.toThrow("NEXT_FORBIDDEN");
    expect(await eventsSince(before)).toMatchObject([{ actorId: staff.PHARMACIST.userId, entity: "Route", entityId: "/participants", summary: { required: ["participant.read"] } }]);
  });

  it("an API route handler's own check", async () => {
    signIn("NURSE");
    const before = await lastEventId();
    const response = await auditCsvGet(new Request("http://clinic.test/api/admin/audit"));
    expect(response.status).toBe(403);
    expect(await eventsSince(before)).toMatchObject([{ actorId: staff.NURSE.userId, entity: "Route", entityId: "/api/admin/audit", summary: { required: ["audit.read"] } }]);
  });

  it("a participant's record asked for from another site: refused, recorded, not shown", async () => {
    signIn("NURSE", `/participants/${elsewhereId}`);
    const before = await lastEventId();
    await expect(ParticipantPage({ params: Promise.resolve({ id: elsewhereId }) })).rejects.toThrow("NEXT_NOT_FOUND");
    expect(await eventsSince(before)).toMatchObject([{ action: ACCESS_ACTIONS.refused, actorId: staff.NURSE.userId, entity: "Participant", entityId: elsewhereId, participantId: null }]);
  });
});

describe("views of a named participant's record are recorded", () => {
  it.each([
    ["profile", "NURSE", () => ParticipantPage({ params: Promise.resolve({ id: participant.id }) })],
    ["evidence", "NURSE", () => EvidencePage({ params: Promise.resolve({ id: participant.id }) })],
    ["prescribing", "PRESCRIBER", () => PrescribingPage({ params: Promise.resolve({ participantId: participant.id }), searchParams: Promise.resolve({}) })],
  ] as const)("the %s page: one row with who, when, which participant and which page", async (page, role, open) => {
    signIn(role);
    const before = await lastEventId();
    await open();
    const events = await eventsSince(before);
    expect(events).toMatchObject([
      { action: ACCESS_ACTIONS.view, actorId: staff[role].userId, actorRole: role, entity: "Participant", entityId: participant.id, participantId: participant.id, summary: { page } },
    ]);
    expect(JSON.stringify(events[0]!.summary)).not.toContain(participant.reference);
  });
});

describe("every export is recorded", () => {
  it.each([
    ["audit", "ADMIN", () => auditCsvGet(new Request(`http://clinic.test/api/admin/audit?participantReference=${participant.reference}`))],
    ["board-figures", "BOARD", () => boardCsvGet(new Request("http://clinic.test/api/board/figures.csv?period=FY2025-26-Q4"))],
    ["ndtms-top", "NURSE", () => ndtmsGet()],
    ["register", "PHARMACIST", () => registerGet(new Request(`http://clinic.test/api/register/${productId}?from=2026-01-01`), { params: Promise.resolve({ productId }) })],
  ] as const)("%s: who, when and which filters, never a reference", async (name, role, download) => {
    signIn(role);
    const before = await lastEventId();
    const response = await download();
    expect(response.status).toBe(200);
    const events = await eventsSince(before);
    expect(events).toMatchObject([{ action: ACCESS_ACTIONS.export, actorId: staff[role].userId, entity: "Export", entityId: name }]);
    expect(JSON.stringify(events[0]!.summary)).not.toContain(participant.reference);
  });

  it("the printable board report", async () => {
    signIn("BOARD");
    const before = await lastEventId();
    await BoardReportPage({ searchParams: Promise.resolve({ period: "FY2025-26-Q4" }) });
    expect(await eventsSince(before)).toMatchObject([
      { action: ACCESS_ACTIONS.export, actorId: staff.BOARD.userId, entityId: "board-report", summary: { period: "FY2025-26-Q4", from: "2026-01-01", to: "2026-03-31", siteId: null, cohort: null } },
    ]);
  });

  it("a download refused or malformed is not recorded as an export", async () => {
    signIn("BOARD");
    const before = await lastEventId();
    expect((await boardCsvGet(new Request("http://clinic.test/api/board/figures.csv?period=2026-13"))).status).toBe(400);
    expect(await eventsSince(before)).toEqual([]);
  });
});

describe("what the board sees", () => {
  it("stays free of the participants whose records were opened, refused or exported", async () => {
    const release = (await boardRelease(db.prisma, BoardFilterInput.parse({ period: "FY2025-26" })))!;
    const csv = boardCsv(release.rows, release.label);
    for (const value of [participant.id, participant.reference, participant.name, elsewhereId]) expect(csv).not.toContain(value);
  });
});

describe("an action called with something that is not a form", () => {
  it.each([
    ["text", "hello"],
    ["an object", { name: "x" }],
    ["nothing", undefined],
    ["a list", ["a", "b"]],
  ])("answers a typed refusal for %s, and writes nothing", async (_, body) => {
    signIn("ADMIN");
    const users = await db.prisma.user.count();
    const before = await lastEventId();
    const result = await createUserAction(null, body as unknown as FormData);
    expect(result).toEqual({ ok: false, code: "invalid", error: NOT_A_FORM });
    expect(await db.prisma.user.count()).toBe(users);
    expect(await eventsSince(before)).toEqual([]);
  });

  it("still says the session ended before anything else when nobody is signed in", async () => {
    expect(await createUserAction(null, "hello" as unknown as FormData)).toMatchObject({ ok: false, code: "unauthenticated" });
  });
});
