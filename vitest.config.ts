import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const resolve = {
  alias: {
    "@": root,
    "server-only": path.join(root, "test/helpers/empty.ts"),
  },
};

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["{server,components,db,scripts}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        resolve,
        test: {
          name: "integration",
          include: ["{server,test,scripts}/**/*.int.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // each file gets its own databases; files run one at a time to stay within 2 cores
          fileParallelism: false,
        },
      },
    ],
  },
});
