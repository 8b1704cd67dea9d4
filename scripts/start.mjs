#!/usr/bin/env node
// `npm start`: build if needed, serve on PORT, and (unless TAILWATCH_DEMO=off) feed the demo
// simulator through the real ingest API: 7 days of history, then live traffic.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { buildIfNeeded } from "./build-if-needed.mjs";
import { serverNodeArgs } from "./node-heap.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = process.env.PORT || "3000";
const demo = (process.env.TAILWATCH_DEMO ?? "on") !== "off";
const started = Date.now();
const log = (msg) => console.log(`[tailwatch] ${msg}`);

if (buildIfNeeded() !== 0) {
  console.error("[tailwatch] build failed");
  process.exit(1);
}

const demoKey = demo ? `tw_demo_${randomBytes(24).toString("base64url")}` : undefined;
const server = spawn(process.execPath, [...serverNodeArgs(), path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", port], {
  stdio: "inherit",
  env: { ...process.env, TAILWATCH_DEMO_KEY: demoKey ?? "" },
});

let simulator = null;
const stop = (code) => {
  simulator?.kill("SIGTERM");
  server.kill("SIGTERM");
  process.exitCode = code;
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
server.on("exit", (code) => {
  simulator?.kill("SIGTERM");
  process.exit(code ?? 0);
});

async function waitReady() {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

if (await waitReady()) {
  log(`ready on http://localhost:${port} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (demo) {
    log("demo on: sending 7 days of history, then live traffic (TAILWATCH_DEMO=off to disable)");
    simulator = spawn(
      process.execPath,
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/simulate.ts", "--url", `http://127.0.0.1:${port}`, "--key", demoKey, "--days", "7", "--history-density", "0.5", "--live", "--rps", "0.5", "--resume"],
      { stdio: "inherit" },
    );
  }
} else {
  console.error("[tailwatch] server did not become ready");
  stop(1);
}
