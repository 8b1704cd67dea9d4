import { expect, test } from "@playwright/test";
import { E2E_KEY } from "../playwright.config";

declare global {
  interface Window {
    __cspViolations?: string[];
    __xss?: number;
  }
}

test.beforeEach(async ({ page }) => {
  // record every CSP violation the page meets, from its first script on
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});

test("pages and API answers carry the security headers, and the dashboard runs under its CSP without a violation", async ({ page, request }) => {
  const consoleViolations: string[] = [];
  page.on("console", (m) => /Content Security Policy|Refused to (load|execute|apply|connect)/i.test(m.text()) && consoleViolations.push(m.text()));
  const res = await page.goto("/");
  const headers = res!.headers();
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toContain("camera=()");
  await page.waitForLoadState("networkidle");
  // charts and client navigation run too
  await page.goto("/latency?range=1h");
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(consoleViolations).toEqual([]);

  const api = await request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("markup in span names, prompts and attributes is shown as text and never runs", async ({ page, request }) => {
  const traceId = `xss-${Date.now()}`;
  const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
  const res = await request.post("/api/trpc/ingest.batch", {
    headers: { authorization: `Bearer ${E2E_KEY}`, "content-type": "application/json" },
    data: {
      traces: [
        {
          traceId,
          name: payload,
          spans: [
            {
              spanId: "root",
              name: `chat ${payload}`,
              stage: "generation",
              startTime: Date.now() - 60_000,
              durationMs: 800,
              input: payload,
              output: payload,
              attributes: { "app.note": payload },
            },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  await page.goto(`/traces/${traceId}`);
  const waterfall = page.getByTestId("waterfall");
  await expect(waterfall).toContainText(`chat ${payload}`);
  await waterfall.getByRole("button").first().click();
  const details = page.getByTestId("span-details");
  await expect(details).toContainText(payload);
  await expect(details).toContainText("app.note");
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator("img[src=x]").count()).toBe(0);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
});

test("a dashboard change sent by another site's page is refused", async ({ request, baseURL }) => {
  const send = (origin: string) =>
    request.post("/api/trpc/engine.targets.create", {
      headers: { origin, "content-type": "application/json" },
      data: { url: "http://csrf-check:9400/metrics", enabled: false },
    });
  const refused = await send("https://evil.example");
  expect(refused.status()).toBe(403);
  const ours = await send(baseURL!);
  expect(ours.status()).toBe(200);
  const { result } = await ours.json();
  await request.post("/api/trpc/engine.targets.remove", { headers: { origin: baseURL! }, data: { id: result.data.id } });
});
