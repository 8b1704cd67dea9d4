import { mkdirSync } from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { E2E_ADMIN, E2E_STORAGE_STATE } from "../playwright.config";

/** Signs the env-made admin in once; every test starts with that session (use.storageState). */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]!.use.baseURL!;
  const context = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const res = await context.post("/api/auth/sign-in/email", { headers: { origin: baseURL }, data: E2E_ADMIN });
  if (!res.ok()) throw new Error(`e2e sign-in failed: ${res.status()} ${await res.text()}`);
  mkdirSync(path.dirname(E2E_STORAGE_STATE), { recursive: true });
  await context.storageState({ path: E2E_STORAGE_STATE });
  await context.dispose();
}
