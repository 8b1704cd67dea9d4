import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./same-origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("isCrossSiteRequest", () => {
  it.each([
    ["no Origin (curl, server-side callers)", { host: "tw.local:3000" }, false],
    ["same host and port", { origin: "http://tw.local:3000", host: "tw.local:3000" }, false],
    ["host names differ only in case", { origin: "http://TW.local:3000", host: "tw.LOCAL:3000" }, false],
    ["the default port written out on one side", { origin: "https://tw.example.com", host: "tw.example.com:443" }, false],
    ["behind a proxy: Origin matches X-Forwarded-Host", { origin: "https://tw.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "tw.example.com" }, false],
    ["a Bearer key (never attached by a browser on its own)", { origin: "https://evil.example", host: "tw.local", authorization: "Bearer tw_abc" }, false],
    ["another site", { origin: "https://evil.example", host: "tw.local:3000" }, true],
    ["same host, another port", { origin: "http://tw.local:8080", host: "tw.local:3000" }, true],
    ["an opaque origin", { origin: "null", host: "tw.local:3000" }, true],
    ["a non-web scheme", { origin: "file://tw.local:3000", host: "tw.local:3000" }, true],
    ["an Origin and no Host to compare with", { origin: "http://tw.local:3000" }, true],
    ["HTTP Basic (browsers replay it on their own)", { origin: "https://evil.example", host: "tw.local", authorization: "Basic eDp5" }, true],
    ["a subdomain of the host", { origin: "http://a.tw.local:3000", host: "tw.local:3000" }, true],
  ])("%s → cross-site %s", (_, headers, expected) => {
    expect(isCrossSiteRequest(h(headers))).toBe(expected);
  });
});
