import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

/** A DCGM- and vLLM-shaped /metrics endpoint on loopback. */
function metricsServer() {
  const page = readFileSync("test/fixtures/engine/dcgm-exporter.prom", "utf8") + "\n" + readFileSync("test/fixtures/engine/vllm.prom", "utf8");
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(page);
  });
  return new Promise<{ url: string; hits: () => number; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, hits: () => hits, close: () => server.close() }),
    ),
  );
}

test("a scrape target added in Settings is scraped, and pausing it stops the scrapes", async ({ page }) => {
  const target = await metricsServer();
  try {
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Add scrape target" });
    await form.getByLabel("Metrics URL").fill("ftp://nope");
    await form.getByRole("button", { name: "Add target" }).click();
    await expect(form.getByRole("alert")).toContainText("http:// or https:// URL");

    await form.getByLabel("Metrics URL").fill(target.url);
    await form.getByLabel("Interval (s)").fill("5");
    await form.getByLabel("Extra labels").fill("cluster=e2e");
    await form.getByRole("button", { name: "Add target" }).click();
    const row = page.getByTestId("scrape-targets").getByRole("row").filter({ hasText: target.url });
    // scraped within two intervals, with samples stored
    await expect(row.getByText("ok", { exact: true })).toBeVisible({ timeout: 12_000 });
    await expect(row.locator("td").nth(4)).not.toHaveText("0");
    await page.screenshot({ path: "test-results/screenshots/settings.png", fullPage: true });

    await row.getByRole("button", { name: "Pause" }).click();
    await expect(row.getByText("paused")).toBeVisible();
    const hitsWhenPaused = target.hits();
    await page.waitForTimeout(7_000);
    expect(target.hits()).toBeLessThanOrEqual(hitsWhenPaused + 1); // at most one scrape already in flight
  } finally {
    target.close();
  }
});
