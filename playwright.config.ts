import { defineConfig } from "@playwright/test";
// @ts-expect-error -- plain ESM helper shared with scripts/start.mjs
import { serverNodeArgs } from "./scripts/node-heap.mjs";

const port = Number(process.env.E2E_PORT ?? 3197);
export const E2E_KEY = "tw_e2e_key_0123456789abcdef";
/** The admin the e2e server makes from env; e2e/global-setup.ts signs in once and every test reuses the session. */
export const E2E_ADMIN = { email: "admin@e2e.local", password: "e2e-admin-password" };
export const E2E_STORAGE_STATE = ".tailwatch/e2e-admin-session.json";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    storageState: E2E_STORAGE_STATE,
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"],
    },
  },
  webServer: {
    // the built app on a fresh embedded database, demo off so the test controls the data
    // started with the heap limit `npm start` uses
    command: `rm -rf .tailwatch/e2e && node ${serverNodeArgs().join(" ")} node_modules/next/dist/bin/next start -p ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      TAILWATCH_DATA_DIR: ".tailwatch/e2e",
      TAILWATCH_DEMO: "off",
      TAILWATCH_BOOTSTRAP_KEY: E2E_KEY,
      TAILWATCH_ADMIN_EMAIL: E2E_ADMIN.email,
      TAILWATCH_ADMIN_PASSWORD: E2E_ADMIN.password,
      DATABASE_URL: "",
      // alerts evaluate every 2 s on data up to now, so e2e/alerts.spec.ts sees pending → firing → resolved quickly
      TAILWATCH_ALERT_INTERVAL_S: "2",
      TAILWATCH_ALERT_SETTLE_S: "0",
    },
  },
});
