import { encode, getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { routeAccess } from "@/auth/routes";
import { authSecret } from "@/auth/secret";
import { SESSION_MAX_SECONDS, sessionEnded } from "@/auth/session-policy";

/**
 * First gate for every request: ends sessions that are too old or idle, sends the
 * signed-out to the login page (401 for API calls), gives a wrong role the 403 page, and
 * slides the idle timer. Pages and actions check again on the server.
 */
export async function proxy(request: NextRequest) {
  const secure = request.nextUrl.protocol === "https:";
  const cookieName = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const secret = authSecret();
  const token = await getToken({ req: request, secret, secureCookie: secure });
  const now = Math.floor(Date.now() / 1000);
  const { pathname } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");

  const ended = token ? sessionEnded({ signedInAt: token.signedInAt, lastActivityAt: token.lastActivityAt }, now) : null;
  if (token && ended) {
    const response = isApi
      ? NextResponse.json({ error: "Your session has ended. Sign in again." }, { status: 401 })
      : NextResponse.redirect(new URL(`/login?ended=${ended}`, request.url));
    response.cookies.delete(cookieName);
    return response;
  }

  const access = routeAccess(pathname, token?.role ?? null);
  let response: NextResponse;
  if (access === "sign-in") {
    if (isApi) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", pathname + request.nextUrl.search);
    return NextResponse.redirect(login);
  }
  if (access === "forbidden") {
    response = isApi
      ? NextResponse.json({ error: "Your role does not allow this." }, { status: 403 })
      : NextResponse.rewrite(new URL("/403", request.url));
  } else {
    response = NextResponse.next();
  }

  // Any request from a signed-in user (but next-auth's own session polling) is activity.
  if (token && !pathname.startsWith("/api/auth")) {
    const refreshed = await encode({ token: { ...token, lastActivityAt: now }, secret, maxAge: SESSION_MAX_SECONDS });
    response.cookies.set(cookieName, refreshed, { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_SECONDS });
  }
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
