import type { TestProject } from "vitest/node";
// @ts-expect-error -- plain ESM helper shared with scripts
import { startThrowawayPostgres } from "../scripts/throwaway-postgres.mjs";

/** Integration tests get a real PostgreSQL: TEST_DATABASE_URL, or a throwaway server started here. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  let server;
  try {
    server = await startThrowawayPostgres({ log: (m: string) => console.log(`[test] ${m}`) });
  } catch (err) {
    throw new Error(`Integration tests need PostgreSQL and could not start one: ${(err as Error).message}`);
  }
  project.provide("pgUrl", server.url);
  return async () => server.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
