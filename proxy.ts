import { encode, getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER, routeAccess } from "@/auth/routes";
import { authSecret } from "@/auth/secret";
import { SESSION_MAX_SECONDS, sessionEnded } from "@/auth/session-policy";
import { countsAsActivity } from "@/domain/live-today";
import { FORM_INCOMPLETE, refuseRequestBody } from "@/domain/request-limits";

/**
 * The Content-Security-Policy for one response. Scripts run only with this request's
 * nonce (Next.js reads it from the request's CSP header and puts it on its own scripts);
 * 'strict-dynamic' lets those scripts load the page's chunks, and nothing else runs: no
 * inline handlers, no injected <script>, no other origin. Styles allow 'unsafe-inline'
 * because style attributes in server-rendered HTML (recharts' chart containers and
 * tooltips, Next.js' route announcer) cannot carry a nonce, and a nonce in style-src
 * would make browsers ignore 'unsafe-inline'; CSS cannot run script. Development needs
 * 'unsafe-eval' for React's error overlays, and never production.
 */
function contentSecurityPolicy(nonce: string, { secure, dev }: { secure: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers that depend on the request; the fixed ones are in next.config.ts. */
function secured<R extends NextResponse>(response: R, csp: string, secure: boolean): R {
  response.headers.set("Content-Security-Policy", csp);
  // Only over HTTPS (directly, or X-Forwarded-Proto from the TLS-terminating proxy):
  // browsers ignore it over plain HTTP, and a development machine should not be pinned.
  if (secure) response.headers.set("Strict-Transport-Security", "max-age=63072000");
  return response;
}

/** The request's cookies without the session's (next-auth splits a large one into `.0`, `.1`…). */
function withoutSession(headers: Headers, cookieName: string): Headers {
  const kept = (headers.get("cookie") ?? "")
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "" && !pair.startsWith(`${cookieName}=`) && !pair.startsWith(`${cookieName}.`));
  if (kept.length > 0) headers.set("cookie", kept.join("; "));
  else headers.delete("cookie");
  return headers;
}

/**
 * The sign-in page, saying why the session ended and where to return to. A form posted to
 * a page (without its script) is sent there with 303, so the browser asks for the sign-in
 * page rather than posting the form to it again.
 */
function toSignIn(request: NextRequest, ended: "idle" | "expired" | null): NextResponse {
  const { pathname, search, searchParams } = request.nextUrl;
  const login = new URL("/login", request.url);
  if (ended) login.searchParams.set("ended", ended);
  const returnTo = pathname === "/login" ? searchParams.get("callbackUrl") : pathname + search;
  if (returnTo) login.searchParams.set("callbackUrl", returnTo);
  return NextResponse.redirect(login, request.method === "GET" || request.method === "HEAD" ? 307 : 303);
}

async function isWholeForm(request: NextRequest): Promise<boolean> {
  try {
    await request.clone().formData();
    return true;
  } catch {
    return false;
  }
}

/**
 * First gate for every request: ends sessions that are too old or idle, sends the
 * signed-out to the login page (401 for API calls), gives a wrong role the 403 page, and
 * slides the idle timer. Pages and actions check again on the server. Every response it
 * passes gets a Content-Security-Policy with a fresh nonce.
 *
 * A server action called without a live session is the exception: it is passed on to the
 * action, which answers "unauthenticated" before reading anything (tests/auth/
 * unauthenticated.test.ts). Answered with a redirect, the calling page cannot read the
 * answer and breaks, and the nurse loses what she typed and whether it was saved.
 */
export async function proxy(request: NextRequest) {
  const secure = request.nextUrl.protocol === "https:";
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { secure, dev: process.env.NODE_ENV === "development" });
  // Next.js takes the nonce for its scripts from the CSP header of the request it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  // The path as asked for, for the page that records a refusal. Next.js runs the proxy again
  // for the request rewritten to the 403 page; that pass keeps the path the first one set.
  // (Someone who opens /403 directly with the header set can only add a refusal of their own.)
  if (request.nextUrl.pathname !== "/403" || !requestHeaders.has(REQUEST_PATH_HEADER)) {
    requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname);
  }

  const cookieName = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const secret = authSecret();
  const token = await getToken({ req: request, secret, secureCookie: secure });
  const now = Math.floor(Date.now() / 1000);
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  // Next.js calls a server action with a POST naming it in this header; a form posted before
  // the page's script ran has no such header and is a page request like any other.
  const isServerAction = !isApi && request.method === "POST" && request.headers.has("next-action");

  // Too large, of unknown length, or an action call that is not a form: refused from the
  // headers, before anything reads the body. Plain text, which Next.js' client hands to the
  // form that sent it (src/ui/action-form.tsx), so the form can say why and keep its values.
  const refusal = refuseRequestBody({
    method: request.method,
    contentLength: request.headers.get("content-length"),
    transferEncoding: request.headers.get("transfer-encoding"),
    contentType: request.headers.get("content-type"),
    serverAction: isServerAction,
  });
  if (refusal) return secured(new NextResponse(refusal.message, { status: refusal.status, headers: { "Content-Type": "text/plain" } }), csp, secure);
  // A form cut short fails inside Next.js' own parser with a 500; read it here first. Next.js
  // has already buffered the body for the proxy, and the headers bounded it to 1 MiB.
  if (isServerAction && !(await isWholeForm(request))) {
    return secured(new NextResponse(FORM_INCOMPLETE, { status: 400, headers: { "Content-Type": "text/plain" } }), csp, secure);
  }

  const ended = token ? sessionEnded({ signedInAt: token.signedInAt, lastActivityAt: token.lastActivityAt }, now) : null;
  if (token && ended && isServerAction) {
    // On to the action without the session. The browser's cookie is left for the sign-in page
    // to clear: a cookie set on an action's answer makes Next.js render the page again, and
    // this one would take the nurse to sign in, away from what she typed.
    return secured(NextResponse.next({ request: { headers: withoutSession(requestHeaders, cookieName) } }), csp, secure);
  }
  if (token && ended) {
    const response = isApi ? NextResponse.json({ error: "Your session has ended. Sign in again." }, { status: 401 }) : toSignIn(request, ended);
    response.cookies.delete(cookieName);
    return secured(response, csp, secure);
  }

  const access = routeAccess(pathname, token?.role ?? null);
  let response: NextResponse;
  if (access === "sign-in") {
    if (isApi) return secured(NextResponse.json({ error: "Sign in first." }, { status: 401 }), csp, secure);
    if (isServerAction) return secured(NextResponse.next({ request: { headers: requestHeaders } }), csp, secure);
    return secured(toSignIn(request, null), csp, secure);
  }
  if (access === "forbidden") {
    // API calls too: the 403 page records the refusal (the proxy has no database).
    response = NextResponse.rewrite(new URL("/403", request.url), { request: { headers: requestHeaders } });
  } else {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }

  // Any request from a signed-in user is activity, but next-auth's own session polling and
  // the live Today's version checks and reloads (src/domain/live-today.ts).
  if (token && countsAsActivity({ method: request.method, pathname, cookieNames: request.cookies.getAll().map((c) => c.name) })) {
    const refreshed = await encode({ token: { ...token, lastActivityAt: now }, secret, maxAge: SESSION_MAX_SECONDS });
    response.cookies.set(cookieName, refreshed, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_SECONDS });
  }
  return secured(response, csp, secure);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
