/**
 * The origins a request was addressed to: its Host, or the X-Forwarded-Host a reverse proxy set,
 * with the scheme the browser's Origin used. A page of this host sends one of these as Origin.
 */
export function requestOrigins(headers: Headers | undefined): string[] {
  if (!headers) return [];
  const hosts = [headers.get("host"), ...(headers.get("x-forwarded-host") ?? "").split(",")]
    .map((h) => h?.trim().toLowerCase())
    .filter((h): h is string => !!h && /^[a-z0-9.\-:[\]]+$/.test(h));
  return hosts.flatMap((h) => [`http://${h}`, `https://${h}`]);
}
