/**
 * Where sign-in sends someone afterwards: a page of this site, with its query and #fragment
 * (the participant's card on Today), and never another site. Anything else is home. A value
 * that looks like a path can still leave the site: browsers read `/\evil.example` as
 * `//evil.example`, and drop tabs and newlines, so the value is resolved as a browser would
 * and kept only if it stays on this origin.
 */
export function returnAddress(value: string | null | undefined): string {
  if (!value?.startsWith("/")) return "/";
  const base = "http://clinic.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return "/";
  }
  // The sign-in page itself would only ask again.
  if (url.origin !== base || url.pathname === "/login") return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
