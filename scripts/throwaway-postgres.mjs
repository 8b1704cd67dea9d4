// A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp dir (as the
// `postgres` user when running as root), trust auth, a free loopback port, fsync off.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

function findBin(name) {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => Number(v) >= 15).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = path.join(base, v, "bin", name);
      if (existsSync(p)) return p;
    }
  }
  try {
    return execFileSync("which", [name], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts a server and returns { url, stop, pause, resume }. Throws a clear error when it cannot. */
export async function startThrowawayPostgres({ log = () => {} } = {}) {
  const initdb = findBin("initdb");
  const postgres = findBin("postgres");
  if (!initdb || !postgres) {
    throw new Error(
      "PostgreSQL ≥ 15 server binaries not found (looked in /usr/lib/postgresql/*/bin). " +
        "Install them (apt-get install -y postgresql) or set TEST_DATABASE_URL to an existing server.",
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "tailwatch-pg-"));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, "data");
  const run = (bin, args, opts = {}) =>
    asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args], opts] : [bin, args, opts];
  try {
    const [cmd, args] = run(initdb, ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    execFileSync(cmd, args, { stdio: "pipe" });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${err.stderr?.toString() || err.message}`);
  }
  const port = await freePort();
  const [cmd, args] = run(postgres, [
    "-D", dataDir, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
    "-c", "max_connections=200", "-c", "shared_buffers=256MB",
  ]);
  let child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d.toString()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ready = async () => {
    const isready = findBin("pg_isready");
    for (let i = 0; i < 150; i++) {
      try {
        execFileSync(isready, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"], { stdio: "ignore" });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`throwaway postgres did not start: ${stderr.slice(-2000)}`);
  };
  await ready();
  log(`throwaway PostgreSQL on 127.0.0.1:${port} (${dataDir})`);
  const stopChild = () =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      // signal the postmaster itself: runuser does not forward signals to it
      let pid = null;
      try {
        pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      } catch {}
      try {
        if (pid) process.kill(pid, "SIGINT"); // fast shutdown
        else child.kill("SIGINT");
      } catch {
        child.kill("SIGKILL");
      }
    });
  return {
    url,
    port,
    /** Stops the server but keeps its data, to simulate an outage. */
    async pause() {
      await stopChild();
    },
    async resume() {
      child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
      child.stderr.on("data", (d) => (stderr += d.toString()));
      await ready();
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
