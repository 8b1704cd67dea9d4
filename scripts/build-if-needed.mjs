#!/usr/bin/env node
// Builds the app when there is no build yet or a source is newer than it. Used by `npm install`
// (prepare), `npm start` and `npm test`, so a build is made once and reused.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function needsBuild() {
  const marker = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(marker)) return true;
  const builtAt = statSync(marker).mtimeMs;
  const sources = ["app", "components", "server", "db", "drizzle", "public"].map((d) => path.join(root, d)).filter(existsSync);
  const configs = ["package.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"].map((f) => path.join(root, f)).filter(existsSync);
  return sources.some((d) => newestMtime(d) > builtAt) || configs.some((f) => statSync(f).mtimeMs > builtAt);
}

export function buildIfNeeded(log = console.log) {
  if (!needsBuild()) return 0;
  log("[tailwatch] building the app (first start or sources changed)…");
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit", cwd: root });
  return build.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildIfNeeded());
