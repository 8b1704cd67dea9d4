import { expect, test } from "@playwright/test";
import { E2E_KEY } from "../playwright.config";

const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");
const ns = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
const attr = (key: string, v: string | number) =>
  typeof v === "number"
    ? { key, value: Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } }
    : { key, value: { stringValue: v } };

/** An OpenTelemetry export (OTLP/JSON) of one chat request: a 429, a retry that times out, a fallback. */
function otlpExport(traceId: string, t0: number) {
  const span = (id: number, parent: number | null, name: string, start: number, end: number, attributes: object[], status?: object) => ({
    traceId,
    spanId: hex(id, 16),
    ...(parent ? { parentSpanId: hex(parent, 16) } : {}),
    name,
    kind: parent ? 3 : 2,
    startTimeUnixNano: ns(t0 + start),
    endTimeUnixNano: ns(t0 + end),
    attributes,
    ...(status ? { status } : {}),
  });
  const genAi = (model: string, provider: string) => [attr("gen_ai.operation.name", "chat"), attr("gen_ai.provider.name", provider), attr("gen_ai.request.model", model)];
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr("service.name", "support-bot"), attr("deployment.environment.name", "production")] },
        scopeSpans: [
          {
            scope: { name: "e2e" },
            spans: [
              span(1, null, "POST /v1/chat <script>window.__xss = 1</script>", 0, 3200, [attr("tailwatch.task_type", "chat"), attr("user.id", "user-e2e")]),
              span(2, 1, "chat gpt-4o", 100, 160, [...genAi("gpt-4o", "openai"), attr("http.response.status_code", 429), attr("error.type", "rate_limited")], { code: 2 }),
              span(3, 1, "chat gpt-4o", 560, 1560, [...genAi("gpt-4o", "openai"), attr("tailwatch.attempt", 2), attr("tailwatch.retry_of", hex(2, 16)), attr("error.type", "timeout")], { code: 2 }),
              span(4, 1, "chat claude-haiku-4-5", 1600, 3100, [
                ...genAi("claude-haiku-4-5", "anthropic"),
                attr("tailwatch.fallback.index", 1),
                attr("tailwatch.fallback.from_model", "gpt-4o"),
                attr("gen_ai.usage.input_tokens", 1200),
                attr("gen_ai.usage.output_tokens", 300),
                attr("gen_ai.response.time_to_first_chunk", 0.35),
              ]),
            ],
          },
        ],
      },
    ],
  };
}

test("an OTLP trace opens as a waterfall with its retry and fallback chain", async ({ page, request }) => {
  const traceId = hex(Date.now(), 32);
  const res = await request.post("/api/otel/v1/traces", {
    headers: { authorization: `Bearer ${E2E_KEY}`, "content-type": "application/json" },
    data: otlpExport(traceId, Date.now() - 5 * 60_000),
  });
  expect(res.status()).toBe(200);

  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/traces?range=1h");
  await page.getByLabel("Trace id or user").fill(traceId);
  await page.getByLabel("Trace id or user").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${traceId}`));
  const row = page.getByTestId("trace-rows").getByRole("link");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("claude-haiku-4-5");
  await page.screenshot({ path: "test-results/screenshots/traces.png", fullPage: true });
  await row.click();

  await expect(page.getByRole("heading", { name: `Trace ${traceId}` })).toBeVisible();
  const waterfall = page.getByTestId("waterfall");
  await expect(waterfall.getByRole("button")).toHaveCount(4);
  await expect(waterfall).toContainText("429");
  await expect(waterfall).toContainText("attempt 2");
  await expect(waterfall).toContainText("fallback 1 from gpt-4o");
  // the span name is shown as text; its markup never runs
  await expect(waterfall).toContainText("<script>window.__xss = 1</script>");
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.getByTestId("stat-Attempts")).toHaveText("3");

  await waterfall.getByRole("button", { name: /claude-haiku-4-5/ }).click();
  const details = page.getByTestId("span-details");
  await expect(details).toContainText("anthropic / claude-haiku-4-5");
  await expect(details).toContainText("#1 from gpt-4o");
  await expect(details).toContainText("350 ms");
  await page.screenshot({ path: "test-results/screenshots/trace-detail.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/screenshots/trace-detail-dark.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("a trace of 5 000 spans opens, draws only the visible rows, and scrolls to the last span", async ({ page, request }) => {
  const traceId = `big-${Date.now()}`;
  const t0 = Date.now() - 10 * 60_000;
  const spans = Array.from({ length: 5000 }, (_, i) => ({
    spanId: `s${i}`,
    parentSpanId: i ? "s0" : undefined,
    name: i ? `tool call ${i}` : "agent run",
    stage: i ? "tool" : "other",
    startTime: t0 + i,
    endTime: t0 + i + (i ? 5 : 6000),
  }));
  const res = await request.post("/api/trpc/ingest.batch", {
    headers: { authorization: `Bearer ${E2E_KEY}` },
    data: { traces: [{ traceId, name: "agent run", startTime: t0, durationMs: 6000, spans }] },
  });
  expect(res.status(), await res.text()).toBe(200);
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`/traces/${traceId}`);
  const waterfall = page.getByTestId("waterfall");
  await expect(waterfall.getByRole("button").first()).toBeVisible({ timeout: 20_000 });
  // virtualised: a window of rows is in the DOM, not 5 000
  expect(await waterfall.getByRole("button").count()).toBeLessThan(200);
  // the page stays responsive: scrolling to the end brings the last span in
  await waterfall.locator(".overflow-y-auto").first().evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(waterfall.getByRole("button", { name: /tool call 4999/ })).toBeVisible({ timeout: 10_000 });
  expect(errors).toEqual([]);
});
