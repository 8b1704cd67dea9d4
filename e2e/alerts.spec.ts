import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_KEY } from "../playwright.config";

/**
 * An alert end to end: a webhook channel pointing at a receiver in this test, a rule made in the
 * UI, breaching traffic through the real ingest API, then pending → firing with an Alertmanager
 * payload, recovery traffic, and the resolved payload. The server evaluates every 2 s on data up
 * to now (playwright.config.ts). Every trace belongs to one user id and is deleted at the end, so
 * the exact counts of later specs (overview.spec.ts) are not disturbed.
 */
const USER_ID = "e2e-alerts-user";
const RULE = "p95 latency > 2 s";
const CHANNEL = "e2e receiver";
const auth = { authorization: `Bearer ${E2E_KEY}` };

interface AlertmanagerBody {
  version: string;
  status: "firing" | "resolved";
  commonLabels: Record<string, string>;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

/** An Alertmanager-style webhook receiver on loopback that keeps every body it gets. */
function webhookReceiver() {
  const bodies: AlertmanagerBody[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      try {
        bodies.push(JSON.parse(text) as AlertmanagerBody);
      } catch {
        // not JSON: not ours to keep
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  return new Promise<{ url: string; bodies: AlertmanagerBody[]; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, bodies, close: () => server.close() })),
  );
}

/** `count` requests that just finished, each `durationMs` long, spread over the last ~20 s. */
async function ingest(request: APIRequestContext, tag: string, count: number, durationMs: number) {
  const now = Date.now();
  const traces = Array.from({ length: count }, (_, i) => ({
    traceId: `e2e-alert-${tag}-${now}-${i}`,
    name: "POST /v1/chat",
    taskType: "chat",
    userId: USER_ID,
    startTime: now - durationMs - (i % 40) * 500,
    durationMs,
  }));
  for (let i = 0; i < traces.length; i += 500) {
    const res = await request.post("/api/trpc/ingest.batch", { headers: auth, data: { traces: traces.slice(i, i + 500) } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

async function requestsLastHour(request: APIRequestContext): Promise<number> {
  const input = encodeURIComponent(JSON.stringify({ range: "1h", filters: {} }));
  const res = await request.get(`/api/trpc/metrics.cost?input=${input}`);
  if (!res.ok()) return -1;
  const body = (await res.json()) as { result: { data: { series: Array<{ points: Array<{ requests: number }> }> } } };
  return body.result.data.series.flatMap((s) => s.points).reduce((n, p) => n + p.requests, 0);
}

async function screenshots(page: Page, name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const stateOf = (page: Page) => page.getByTestId("rule-state").first();

test("a rule made in the UI fires on slow traffic, notifies a webhook, and resolves", async ({ page, request }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  const baseline = await requestsLastHour(request);
  const receiver = await webhookReceiver();
  const ofRule = (status: string) => receiver.bodies.find((b) => b.status === status && b.commonLabels.alertname === RULE);
  try {
    // (a) a webhook channel, checked with "Send test"
    await page.goto("/alerts/channels");
    const form = page.getByRole("form", { name: "Add channel" });
    await form.getByLabel("Name").fill(CHANNEL);
    await form.getByLabel("URL").fill("ftp://nope");
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByRole("alert")).toContainText("an http(s) URL");
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByLabel("Repeat every").fill("1h");
    await form.getByRole("button", { name: "Add channel" }).click();
    const channelRow = page.getByRole("table", { name: "Channels" }).getByRole("row").filter({ hasText: CHANNEL });
    await expect(channelRow).toBeVisible();
    await channelRow.getByRole("button", { name: "Send test" }).click();
    await expect(channelRow.getByText("delivered")).toBeVisible({ timeout: 15_000 });
    expect(receiver.bodies.some((b) => b.version === "4" && b.commonLabels.alertname === "Tailwatch test notification")).toBe(true);
    await screenshots(page, "alerts-channels");

    // (b) the rule, made in the UI; a bad duration is refused next to its field first
    await page.goto("/alerts");
    await expect(page.getByText("No alert rules yet")).toBeVisible();
    await screenshots(page, "alerts-empty");
    await page.getByRole("link", { name: "Create your first rule" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New alert rule" })).toBeVisible();
    const rule = page.getByRole("form", { name: "Alert rule" });
    await rule.getByLabel("Name").fill(RULE);
    await rule.getByRole("combobox", { name: /^Metric/ }).selectOption("latency_p95");
    await rule.getByRole("combobox", { name: /^Comparator/ }).selectOption(">");
    await rule.getByLabel("Threshold (ms)").fill("2000");
    await rule.getByLabel("Window").fill("1 minute");
    await rule.getByLabel("For", { exact: true }).fill("20s");
    await rule.getByLabel("Min requests").fill("10");
    await rule.getByLabel("Summary").fill("p95 is {{ $value }} (threshold {{ $threshold }})");
    await rule.getByRole("checkbox", { name: CHANNEL }).check();
    await rule.getByRole("button", { name: "Create rule" }).click();
    await expect(rule.getByText("window: a duration like 90s, 5m or 1h30m")).toBeVisible();
    await expect(page).toHaveURL(/\/alerts\/new$/);
    await rule.getByLabel("Window").fill("1m");
    await expect(page.getByTestId("panel-rule-preview")).toContainText(/No data for this rule in the last 24 hours|threshold > 2 s/, { timeout: 15_000 });
    await rule.getByRole("button", { name: "Create rule" }).click();
    await expect(page).toHaveURL(/\/alerts\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const ruleUrl = page.url();
    await expect(page.getByRole("heading", { level: 1, name: RULE })).toBeVisible();
    await expect(stateOf(page)).toHaveAttribute("data-state", /unevaluated|nodata/, { timeout: 15_000 });

    // (c) breaching traffic: 40 requests of 3 s
    await ingest(request, "slow", 40, 3_000);

    // (d) pending for 20 s, then firing
    await expect(stateOf(page)).toHaveAttribute("data-state", "pending", { timeout: 30_000 });
    await expect(stateOf(page)).toHaveText("Pending");
    await expect(stateOf(page)).toHaveAttribute("data-state", "firing", { timeout: 45_000 });
    await expect(stateOf(page)).toHaveText("Firing");

    // (e) the receiver got Alertmanager's version 4 body for the rule
    await expect.poll(() => ofRule("firing"), { timeout: 20_000, intervals: [500, 1_000] }).toBeTruthy();
    const firing = ofRule("firing")!;
    expect(firing.version).toBe("4");
    expect(firing.alerts[0]!.status).toBe("firing");
    expect(firing.alerts[0]!.annotations.summary).toMatch(/^p95 is \d+(\.\d+)? s \(threshold 2 s\)$/);
    await expect(page.getByTestId("panel-notifications")).toContainText("sent", { timeout: 15_000 });
    await expect(page.getByTestId("chart-rule-preview").locator("path.recharts-line-curve, circle").first()).toBeAttached({ timeout: 40_000 });
    await screenshots(page, "alerts-rule-firing");
    await page.goto("/alerts");
    await expect(page.getByRole("table", { name: "Alert rules" }).getByTestId("rule-state")).toHaveText("Firing");
    await screenshots(page, "alerts-rules");
    await page.goto("/alerts?state=pending");
    await expect(page.getByText("No rule is pending right now")).toBeVisible();

    // (f) recovery: 2 000 requests of 100 ms bring p95 far under 2 s
    await ingest(request, "fast", 2_000, 100);

    // (g) the resolved body, and the rule back to OK
    await expect.poll(() => ofRule("resolved"), { timeout: 40_000, intervals: [500, 1_000] }).toBeTruthy();
    expect(ofRule("resolved")!.version).toBe("4");
    await page.goto(ruleUrl);
    await expect(stateOf(page)).toHaveAttribute("data-state", "inactive", { timeout: 20_000 });
    await expect(stateOf(page)).toHaveText("OK");
    await expect(page.getByTestId("panel-events").getByTestId("event-change").first()).toContainText("Firing→OK");
    await screenshots(page, "alerts-rule-resolved");

    await page.goto("/alerts/history");
    await expect(page.getByTestId("panel-events")).toContainText(RULE);
    await expect(page.getByTestId("panel-notifications")).toContainText("resolved");
    await screenshots(page, "alerts-history");

    // the form of the saved rule, with the spike in its preview and its 7-day backtest
    await page.goto(`${ruleUrl}/edit`);
    await expect(page.getByLabel("Window")).toHaveValue("1m");
    await expect(page.getByTestId("backtest-summary")).toContainText("Over the last 7 days this rule would", { timeout: 20_000 });
    await expect(page.getByTestId("chart-rule-preview").locator(".recharts-reference-line")).toBeAttached();
    await screenshots(page, "alerts-rule-form");

    // a silence for the rule, then expired
    await page.goto("/alerts/silences");
    const silence = page.getByRole("form", { name: "Silence" });
    await silence.getByRole("combobox", { name: /^Rule/ }).selectOption({ label: RULE });
    await silence.getByLabel("Duration").fill("30m");
    await silence.getByLabel("Reason").fill("planned maintenance");
    await silence.getByRole("button", { name: "Silence" }).click();
    const silenceRow = page.getByRole("table", { name: "Silences" }).getByRole("row").filter({ hasText: "planned maintenance" });
    await expect(silenceRow.getByText("active")).toBeVisible();
    await screenshots(page, "alerts-silences");
    await silenceRow.getByRole("button", { name: "Expire now" }).click();
    await expect(silenceRow.getByText("expired")).toBeVisible();

    // delete the rule from its page, with a confirmation
    await page.goto(ruleUrl);
    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Delete rule" }).click();
    await expect(page).toHaveURL(/\/alerts$/);
    await expect(page.getByText("No alert rules yet")).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    receiver.close();
    // leave the project as found: the channel, and every trace this spec sent
    const channels = await request.get("/api/trpc/alerts.channels.list");
    const list = ((await channels.json()) as { result?: { data: Array<{ id: string; name: string }> } }).result?.data ?? [];
    for (const c of list.filter((c) => c.name === CHANNEL)) await request.post("/api/trpc/alerts.channels.remove", { data: { id: c.id } });
    const deleted = await request.post("/api/trpc/settings.data.deleteUser", { data: { userId: USER_ID, confirmUserId: USER_ID } });
    expect(deleted.status(), await deleted.text()).toBe(200);
    await expect.poll(() => requestsLastHour(request), { timeout: 30_000, intervals: [1_000] }).toBe(baseline);
  }
});
