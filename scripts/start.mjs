#!/usr/bin/env node
// `npm start`: build if needed, serve on PORT, and (unless TAILWATCH_DEMO=off) feed the demo
// simulator through the real ingest API: 7 days of history, then live traffic.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = process.env.PORT || "3000";
const demo = (process.env.TAILWATCH_DEMO ?? "on") !== "off";
const started = Date.now();
const log = (msg) => console.log(`[tailwatch] ${msg}`);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const marker = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(marker)) return true;
  const builtAt = statSync(marker).mtimeMs;
  const sources = ["app", "components", "server", "db", "drizzle"].map((d) => path.join(root, d)).filter(existsSync);
  return sources.some((d) => newestMtime(d) > builtAt) || statSync(path.join(root, "package.json")).mtimeMs > builtAt;
}

if (needsBuild()) {
  log("building the app (first start or sources changed)…");
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (build.status !== 0) {
    console.error("[tailwatch] build failed");
    process.exit(build.status ?? 1);
  }
}

const demoKey = demo ? `tw_demo_${randomBytes(24).toString("base64url")}` : undefined;
const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", port], {
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
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/simulate.ts", "--url", `http://127.0.0.1:${port}`, "--key", demoKey, "--days", "7", "--live", "--rps", "0.5", "--resume"],
      { stdio: "inherit" },
    );
  }
} else {
  console.error("[tailwatch] server did not become ready");
  stop(1);
}
