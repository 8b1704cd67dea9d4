import { expect, test } from "@playwright/test";
import { formatDuration } from "../components/charts/prepare/format";
import { E2E_KEY } from "../playwright.config";

/** Ingest through the public API, then read the numbers on the Overview page. */
test("ingested traces show up on the Overview page", async ({ page, request }) => {
  const now = Date.now();
  const traces = Array.from({ length: 41 }, (_, i) => {
    const start = now - 30 * 60_000 + i * 30_000;
    const durationMs = (i + 1) * 100; // 100 ms … 4 100 ms
    const failed = i % 10 === 0; // 5 of 41
    return {
      traceId: `e2e-${now}-${i}`,
      taskType: "chat",
      spans: [
        { spanId: "root", name: "request", kind: "server", startTime: start, endTime: start + durationMs, status: failed ? "error" : "ok", errorType: failed ? "timeout" : undefined },
        { spanId: "gen", parentSpanId: "root", name: "chat gpt-4o-mini", stage: "generation", startTime: start + 10, endTime: start + durationMs - 5, model: "gpt-4o-mini", inputTokens: 500, outputTokens: 100, ttftMs: 50 },
      ],
    };
  });
  const res = await request.post("/api/trpc/ingest.batch", {
    headers: { authorization: `Bearer ${E2E_KEY}` },
    data: { traces },
  });
  expect(res.status()).toBe(200);

  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/?range=1h");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("stat-Requests")).toHaveText("41");
  await expect(page.getByTestId("stat-Error rate")).toHaveText(`${((5 / 41) * 100).toFixed(2)} %`);
  // exact p95 of 100, 200, …, 4100 ms: rank 0.95 × 40 = 38 falls on a sample, 3900 ms
  await expect(page.getByTestId("stat-p95")).toHaveText(formatDuration(3900));
  await expect(page.getByTestId("chart-p95").locator("svg.recharts-surface")).toBeVisible();
  // the alert rules made by alerts.spec.ts (which runs first) are counted, linking to Alerts
  await expect(page.getByTestId("stat-Alerts firing")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("spark-Requests").locator("path")).toHaveAttribute("d", /^M/);
  await page.screenshot({ path: "test-results/screenshots/overview.png", fullPage: true });

  // the range survives a reload and shows in the picker
  await page.getByRole("button", { name: "24h" }).click();
  await expect(page).toHaveURL(/range=24h/);
  await page.reload();
  await expect(page.getByRole("button", { name: "24h" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("stat-Requests")).toHaveText("41");
  expect(errors).toEqual([]);
});

test("a refused batch answers with a clear status and stores nothing", async ({ request }) => {
  const bad = await request.post("/api/trpc/ingest.batch", { headers: { authorization: "Bearer nope-nope-nope-nope" }, data: { traces: [] } });
  expect(bad.status()).toBe(401);
  const invalid = await request.post("/api/trpc/ingest.batch", {
    headers: { authorization: `Bearer ${E2E_KEY}` },
    data: { traces: [{ traceId: "x", spans: [{ spanId: "s", name: "n", startTime: "soon" }] }] },
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.message).toContain("traces[0].spans[0].startTime");
});
