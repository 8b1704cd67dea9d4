const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/** `host[:port]` in lower case, the scheme's default port dropped. */
function normalHost(host: string, protocol: string): string {
  const h = host.trim().toLowerCase();
  const port = DEFAULT_PORTS[protocol];
  return port && h.endsWith(`:${port}`) ? h.slice(0, -(port.length + 1)) : h;
}

/**
 * CSRF guard for browser-made state changes (the dashboard has no cookie sign-in yet, but a page on
 * another site can still POST to a Tailwatch on the private network it runs in). A request is
 * cross-site when it carries an Origin that is not the host it was sent to (Host, or the
 * X-Forwarded-Host a reverse proxy set), or the opaque origin "null". Requests without Origin are
 * not from a browser page (curl, server-side callers) and pass; so do requests with a Bearer key,
 * which no browser attaches on its own.
 */
export function isCrossSiteRequest(headers: Headers): boolean {
  if (/^\s*bearer\s+\S/i.test(headers.get("authorization") ?? "")) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return true; // "null" (sandboxed frames, privacy redirects) or garbage: cannot be ours
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return true;
  const from = normalHost(url.host, url.protocol);
  const targets = [headers.get("host"), ...(headers.get("x-forwarded-host") ?? "").split(",")]
    .filter((h): h is string => !!h && h.trim() !== "")
    .map((h) => normalHost(h, url.protocol));
  return !targets.includes(from);
}
