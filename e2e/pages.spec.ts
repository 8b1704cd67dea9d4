import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_KEY } from "../playwright.config";
import { generateMinute } from "../scripts/simulator/generate";
import { engineSamplesBetween } from "../scripts/simulator/gpu";

/**
 * Every dashboard page against a day of simulated traffic: it loads without console errors,
 * its main chart draws data, its URL state survives a reload, and it is photographed in both
 * themes. Runs after overview.spec.ts (files run in name order), whose exact counts it would
 * otherwise disturb.
 */
const SEED = 7;
const TRACES_PER_MINUTE = 3;
const DAY_MINUTES = 24 * 60;
const auth = { authorization: `Bearer ${E2E_KEY}` };

async function totalRequests(request: APIRequestContext): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ range: "24h", filters: {} }));
  const res = await request.get(`/api/trpc/metrics.cost?input=${input}`);
  if (!res.ok()) return -1;
  const body = (await res.json()) as { result: { data: { series: Array<{ points: Array<{ requests: number }> }> } } };
  return body.result.data.series.flatMap((s) => s.points).reduce((n, p) => n + p.requests, 0);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }, info) => {
  info.setTimeout(240_000);
  const nowMin = Math.floor(Date.now() / 60_000);
  const firstMin = nowMin - DAY_MINUTES + 10; // inside the 24 h range for the whole run
  const traces: ReturnType<typeof generateMinute> = [];
  for (let m = firstMin; m < nowMin; m++) traces.push(...generateMinute(SEED, m, TRACES_PER_MINUTE));
  for (let i = 0; i < traces.length; i += 500) {
    const res = await request.post("/api/trpc/ingest.batch", { headers: auth, data: { traces: traces.slice(i, i + 500) } });
    expect(res.status(), await res.text()).toBe(200);
  }
  const engineSamples = engineSamplesBetween(SEED, firstMin * 60_000, Date.now(), 120_000);
  const res = await request.post("/api/trpc/ingest.batch", { headers: auth, data: { engineSamples } });
  expect(res.status(), await res.text()).toBe(200);
  // the pages read per-minute rollups, rebuilt a few seconds after the rows land
  await expect.poll(() => totalRequests(request), { timeout: 120_000, intervals: [1_000, 2_000] }).toBeGreaterThanOrEqual(traces.length);
});

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** The chart is an svg with a drawn series in it (a line, an area or a bar). */
async function expectChartWithData(page: Page, testId: string) {
  const chart = page.getByTestId(testId);
  await expect(chart.locator(".recharts-wrapper > svg.recharts-surface").first()).toBeVisible({ timeout: 15_000 });
  await expect(chart.locator("path.recharts-line-curve, path.recharts-area-area, .recharts-bar-rectangle path").first()).toBeAttached({ timeout: 15_000 });
}

async function screenshots(page: Page, name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const PAGES = [
  { name: "latency", heading: "Latency", charts: ["chart-percentiles", "chart-p95-by-group", "chart-stage-shares"] },
  { name: "reliability", heading: "Reliability", charts: ["chart-rates", "chart-amplification"] },
  { name: "cost", heading: "Cost", charts: ["chart-cost", "chart-tokens"] },
  { name: "cache", heading: "Cache", charts: ["chart-hit-rate"] },
  { name: "gpu", heading: "GPU", charts: ["chart-request-p95", "chart-gpu-util"] },
  { name: "load", heading: "Load", charts: ["chart-load-rps", "chart-load-concurrency"] },
];

for (const p of PAGES) {
  test(`${p.name}: loads without console errors and draws its charts`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`/${p.name}?range=24h`);
    await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
    for (const chart of p.charts) await expectChartWithData(page, chart);
    // every panel settled: no skeleton, no error
    await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
    await screenshots(page, p.name);
    expect(errors).toEqual([]);
  });
}

test("latency: group-by and a filter live in the URL and survive a reload", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/latency?range=24h");
  const groupBy = page.getByLabel("Group by");
  await expect(groupBy).toHaveValue("model");
  await groupBy.selectOption("provider");
  await expect(page).toHaveURL(/groupBy=provider/);
  await expect(page.getByTestId("panel-p95-by-group").getByText("anthropic")).toBeVisible({ timeout: 15_000 });

  const model = page.getByRole("group", { name: "Filters" }).getByLabel("Model");
  await expect(model.locator("option", { hasText: "gpt-4o-mini" })).toBeAttached({ timeout: 15_000 });
  await model.selectOption("gpt-4o-mini");
  await expect(page).toHaveURL(/model=gpt-4o-mini/);
  await expectChartWithData(page, "chart-percentiles");

  await page.reload();
  await expect(page.getByLabel("Group by")).toHaveValue("provider");
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("Model")).toHaveValue("gpt-4o-mini");
  await expectChartWithData(page, "chart-percentiles");

  // the diagnosis links and the navigation keep the range and the filters
  const link = page.getByTestId("panel-diagnosis").getByRole("link", { name: "View chart →" }).first();
  await expect(link).toHaveAttribute("href", /range=24h/);
  await expect(link).toHaveAttribute("href", /model=gpt-4o-mini/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reliability" }).click();
  await expect(page).toHaveURL(/\/reliability\?.*model=gpt-4o-mini/);
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("Model")).toHaveValue("gpt-4o-mini");

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/model=/);
  expect(errors).toEqual([]);
});

test("clicking a latency bucket opens that bucket's traces, slowest first; the window survives a reload", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/latency?range=6h");
  await expectChartWithData(page, "chart-percentiles");
  const box = (await page.getByTestId("chart-percentiles").locator("svg.recharts-surface").first().boundingBox())!;
  // hover first (recharts picks the bucket under the pointer), then click
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page).toHaveURL(/\/traces\?from=\d+&to=\d+&sort=duration/);
  const url = new URL(page.url());
  const from = Number(url.searchParams.get("from"));
  const to = Number(url.searchParams.get("to"));
  // a 6 h chart has 60 s buckets
  expect(to - from).toBe(60_000);
  await expect(page.getByTestId("range-custom")).toContainText("UTC");
  const rows = page.getByTestId("trace-rows").getByRole("link");
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  await page.reload();
  await expect(page.getByTestId("range-custom")).toContainText("UTC");
  await expect(page.getByTestId("trace-rows").getByRole("link").first()).toBeVisible({ timeout: 15_000 });
  expect(errors).toEqual([]);
});

test("an alert rule's threshold is drawn on the charts it watches", async ({ page, request }) => {
  const created = await request.post("/api/trpc/alerts.rules.create", {
    data: { name: "p99 over 8 s", spec: { kind: "threshold", metric: "latency_p99", comparator: ">", threshold: 8000, windowS: 300, forS: 300 } },
  });
  expect(created.status(), await created.text()).toBe(200);
  const ruleId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
  try {
    await page.goto("/latency?range=6h");
    await expectChartWithData(page, "chart-percentiles");
    const line = page.getByTestId("chart-percentiles").locator(".recharts-reference-line");
    await expect(line).toHaveCount(1, { timeout: 15_000 });
    await expect(page.getByTestId("chart-percentiles")).toContainText("p99 over 8 s");
    // a latency rule draws nothing on the failure-rate chart
    await page.goto("/reliability?range=6h");
    await expect(page.getByTestId("chart-rates").locator(".recharts-reference-line")).toHaveCount(0);
  } finally {
    await request.post("/api/trpc/alerts.rules.remove", { data: { id: ruleId } });
  }
});

test("a user filter narrows the traces and the latency percentiles to one end user", async ({ page }) => {
  await page.goto("/traces?range=24h");
  const rows = page.getByTestId("trace-rows").getByRole("link");
  await expect(rows.first()).toBeVisible({ timeout: 15_000 });
  // the user column of the first row that has one
  const users = (await rows.locator("span:nth-child(4)").allTextContents()).filter((u) => u !== "—");
  const user = users[0]!;
  const userField = page.getByRole("group", { name: "Filters" }).getByLabel("User");
  // typing before the field has hydrated is lost on a slow machine: retry until the URL has it
  await expect(async () => {
    await userField.fill(user);
    await userField.press("Enter");
    await expect(page).toHaveURL(new RegExp(`user=${user}`), { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  // the old rows stay until the filtered page arrives: wait for the table to show only that user
  await expect
    .poll(async () => [...new Set(await rows.locator("span:nth-child(4)").allTextContents())], { timeout: 15_000 })
    .toEqual([user]);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Latency" }).click();
  await expect(page).toHaveURL(new RegExp(`/latency\\?.*user=${user}`));
  await expect(page.getByTestId("panel-percentiles")).toContainText(`user ${user} only`);
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("User")).toHaveValue(user);
});

test("a custom range and auto-refresh are chosen in the picker and kept in the URL", async ({ page }) => {
  await page.goto("/reliability?range=24h");
  // a click before hydration does nothing on a slow machine: retry until the form opens
  await expect(async () => {
    await page.getByTestId("range-custom").click();
    await expect(page.getByLabel("From (UTC)")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  await page.getByLabel("From (UTC)").fill(iso(to + 3_600_000));
  await page.getByLabel("To (UTC)").fill(iso(to));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "the end must be after the start" })).toBeVisible();
  await page.getByLabel("From (UTC)").fill(iso(to - 3 * 3_600_000));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${to - 3 * 3_600_000}&to=${to}`));
  await expectChartWithData(page, "chart-rates");
  await page.getByLabel("Auto-refresh").selectOption("off");
  await expect(page).toHaveURL(/refresh=off/);
  await page.reload();
  await expect(page.getByLabel("Auto-refresh")).toHaveValue("off");
  await expect(page.getByTestId("range-custom")).toHaveAttribute("aria-pressed", "true");
  // a preset drops the custom window
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1h", exact: true }).click();
  await expect(page).not.toHaveURL(/from=/);
});

test("gpu: the request p95 and the GPU charts share one crosshair", async ({ page }) => {
  await page.goto("/gpu?range=24h");
  await expectChartWithData(page, "chart-gpu-util");
  await expectChartWithData(page, "chart-request-p95");
  const util = page.getByTestId("chart-gpu-util").first().locator(".recharts-wrapper > svg.recharts-surface");
  const box = (await util.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
  // hovering one GPU chart moves the cursor and tooltip of the request p95 chart too
  const p95 = page.getByTestId("chart-request-p95");
  await expect(p95.locator(".recharts-tooltip-cursor")).toBeAttached();
  const utilTime = await page.getByTestId("chart-gpu-util").first().getByText("UTC").textContent();
  await expect(p95.getByText("UTC")).toHaveText(utilTime!);
});

test("cost: the user search is kept in the URL", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/cost?range=24h");
  const table = page.getByRole("table", { name: "Top users" });
  await expect(table.getByRole("row")).not.toHaveCount(0);
  await page.getByLabel("Search users").fill("user-001");
  await expect(page).toHaveURL(/user=user-001/);
  await expect(page.getByTestId("panel-top-users")).toContainText("user ids containing");
  await page.reload();
  await expect(page.getByLabel("Search users")).toHaveValue("user-001");
  const ids = await table.locator("tbody tr td:first-child").allTextContents();
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(id).toContain("user-001");
  expect(errors).toEqual([]);
});

test("a filter that matches nothing shows the empty state, not a broken chart", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/latency?range=24h&model=no-such-model");
  await expect(page.getByTestId("panel-percentiles").getByText("No data in this range")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("panel-percentiles")).toContainText("POST /api/trpc/ingest.batch");
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("Model")).toHaveValue("no-such-model");
  await page.goto("/cache?range=15m&feature=no-such-feature");
  await expect(page.getByTestId("panel-hit-rate")).toContainText("No cache lookups in this range");
  expect(errors).toEqual([]);
});
