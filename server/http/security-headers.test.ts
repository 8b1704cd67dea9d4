import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  it("keeps everything on this origin, forbids framing, plugins and foreign form targets", () => {
    expect(directives(contentSecurityPolicy(false))).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'unsafe-inline'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "frame-ancestors": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
    });
  });

  it("allows eval and the HMR socket in development only", () => {
    expect(contentSecurityPolicy(false)).not.toMatch(/unsafe-eval|ws:/);
    expect(directives(contentSecurityPolicy(true))["script-src"]).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy(true))["connect-src"]).toEqual(["'self'", "ws:", "wss:"]);
  });

  it("sends nosniff, a strict referrer policy, DENY framing and no device permissions", () => {
    const headers = Object.fromEntries(securityHeaders(false).map((h) => [h.key, h.value]));
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": expect.stringContaining("camera=()"),
    });
  });
});
