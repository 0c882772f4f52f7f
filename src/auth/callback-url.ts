/**
 * A path on this site, with its query and #fragment, and never another site; anything else
 * is home. A value that looks like a path can still leave the site: browsers read
 * `/\evil.example` as `//evil.example`, and drop tabs and newlines, so the value is resolved
 * as a browser would and kept only if it stays on this origin.
 */
export function sameSitePath(value: string | null | undefined): string {
  if (!value?.startsWith("/")) return "/";
  const base = "http://clinic.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Where sign-in sends someone afterwards (the participant's card on Today, say): a path on
 * this site, and not the sign-in page itself, which would only ask again.
 */
export function returnAddress(value: string | null | undefined): string {
  const path = sameSitePath(value);
  return new URL(path, "http://clinic.invalid").pathname === "/login" ? "/" : path;
}
