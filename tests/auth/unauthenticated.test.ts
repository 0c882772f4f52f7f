import { beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Nobody signed in: every server action and every API route handler refuses before it
 * reads or writes anything. Unlike the authorisation matrix, the real session lookup runs
 * here (only next-auth's cookie reading is replaced), and the database answers nothing
 * but the signed-in user's own row: any other use of it fails the test. Actions and
 * handlers are found on disk, so a new one is covered without editing this file.
 */

type Session = { user: { id: string }; clock?: { signedInAt: number; lastActivityAt: number } } | null;
type UserRow = { id: string; name: string; role: string; siteId: string; disabledAt: Date | null; mustChangePassword: boolean } | null;

const state: { session: Session; user: UserRow; touched: string[] } = { session: null, user: null, touched: [] };

vi.mock("next-auth", () => ({ getServerSession: async () => state.session }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/db/client", () => {
  const database = new Proxy(
    {},
    {
      get(_target, property) {
        if (property === "then") return undefined;
        if (property === "user") {
          return { findUnique: async () => state.user };
        }
        state.touched.push(String(property));
        throw new Error(`database used before authentication: ${String(property)}`);
      },
    },
  );
  return { db: () => database };
});

type Action = (previous: null, form: FormData) => Promise<unknown>;
type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const actionModules = import.meta.glob<Record<string, Action>>("/app/**/actions.ts");
const routeModules = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");

// Open to everyone by design (src/auth/routes.ts PUBLIC_ROUTES); any other handler must refuse.
const PUBLIC_HANDLERS = ["/app/api/health/route.ts", "/app/api/auth/[...nextauth]/route.ts"];
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

async function allActions(): Promise<[string, Action][]> {
  const found: [string, Action][] = [];
  for (const [file, load] of Object.entries(actionModules)) {
    for (const [name, fn] of Object.entries(await load())) found.push([`${file} ${name}`, fn]);
  }
  return found;
}

async function allHandlers(): Promise<[string, Handler][]> {
  const found: [string, Handler][] = [];
  for (const [file, load] of Object.entries(routeModules)) {
    if (PUBLIC_HANDLERS.includes(file)) continue;
    const handlers = await load();
    for (const method of METHODS) {
      if (typeof handlers[method] === "function") found.push([`${method} ${file}`, handlers[method] as Handler]);
    }
  }
  return found;
}

/** A form with something in the usual fields, so nothing is refused only for being empty. */
function filledForm(): FormData {
  const form = new FormData();
  for (const name of ["participantId", "id", "userId", "productId", "sessionId", "reason", "key", "value"]) form.set(name, "x");
  return form;
}

function dummyParams(file: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [, rest, name] of file.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) params[name!] = rest ? ["x"] : "x";
  return params;
}

const SIGNED_OUT: [string, () => void][] = [
  ["no session", () => void (state.session = null)],
  [
    "a session that ended after 30 idle minutes (the proxy lets server actions through to say so)",
    () => {
      const now = Math.floor(Date.now() / 1000);
      state.session = { user: { id: "u1" }, clock: { signedInAt: now - 3600, lastActivityAt: now - 31 * 60 } };
      state.user = { id: "u1", name: "Nurse", role: "NURSE", siteId: "s", disabledAt: null, mustChangePassword: false };
    },
  ],
  [
    "a session past its 12-hour limit",
    () => {
      const now = Math.floor(Date.now() / 1000);
      state.session = { user: { id: "u1" }, clock: { signedInAt: now - 12 * 3600, lastActivityAt: now - 60 } };
      state.user = { id: "u1", name: "Nurse", role: "NURSE", siteId: "s", disabledAt: null, mustChangePassword: false };
    },
  ],
  [
    "a session whose account no longer exists",
    () => {
      state.session = { user: { id: "gone" } };
      state.user = null;
    },
  ],
  [
    "a session whose account was disabled",
    () => {
      state.session = { user: { id: "u1" } };
      state.user = { id: "u1", name: "Former", role: "ADMIN", siteId: "s", disabledAt: new Date(), mustChangePassword: false };
    },
  ],
];

describe("signed out", () => {
  beforeEach(() => {
    state.session = null;
    state.user = null;
    state.touched = [];
  });

  it("finds the actions and route handlers on disk", async () => {
    expect((await allActions()).length).toBeGreaterThan(20);
    expect((await allHandlers()).length).toBeGreaterThan(2);
  });

  for (const [situation, arrange] of SIGNED_OUT) {
    it(`every server action answers unauthenticated, without touching the database, for ${situation}`, async () => {
      arrange();
      for (const [name, action] of await allActions()) {
        const result = await action(null, filledForm());
        expect(result, name).toMatchObject({ ok: false, code: "unauthenticated" });
      }
      expect(state.touched).toEqual([]);
    });

    it(`every API route handler answers 401, without touching the database, for ${situation}`, async () => {
      arrange();
      for (const [name, handler] of await allHandlers()) {
        const file = name.split(" ")[1]!;
        const response = await handler(new Request(`http://clinic.test${file.replace(/^\/app|\/route\.ts$/g, "")}?from=2020-01-01`), {
          params: Promise.resolve(dummyParams(file)),
        });
        expect(response.status, name).toBe(401);
        expect(await response.json(), name).toHaveProperty("error");
      }
      expect(state.touched).toEqual([]);
    });
  }
});
