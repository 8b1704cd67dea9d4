/**
 * GPU telemetry collector: runs nvidia-smi on a GPU host and pushes its readings to Tailwatch as
 * engine samples (source "nvidia-smi") through the ingest API.
 *
 *   npm run gpu-collector -- --url http://tailwatch:3000 --key tw_… [--interval 5] [--host name] [--once]
 *
 * Exit codes: 0 done (or stopped by SIGINT/SIGTERM), 1 failed, 2 nvidia-smi is not installed.
 */
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { EXIT, runCollector } from "./gpu-collector/run";

const USAGE = `Usage: npm run gpu-collector -- --url <base> --key <key> [options]

Pushes nvidia-smi GPU readings (utilization, memory, temperature, power) to Tailwatch.

Options:
  --url <base>          Tailwatch base URL (default: $TAILWATCH_URL)
  --key <key>           project API key (default: $TAILWATCH_API_KEY)
  --interval <seconds>  seconds between readings (default 5; 1–3600)
  --host <name>         host name to report (default: this machine's hostname)
  --once                take one reading per GPU, push it and exit
  --nvidia-smi <path>   nvidia-smi binary (default: nvidia-smi on PATH)
  -h, --help            show this help
`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: "string" },
        key: { type: "string" },
        interval: { type: "string", default: "5" },
        host: { type: "string" },
        once: { type: "boolean", default: false },
        "nvidia-smi": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return EXIT.failed;
  }
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const url = values.url ?? process.env.TAILWATCH_URL;
  const key = values.key ?? process.env.TAILWATCH_API_KEY;
  const interval = Number(values.interval);
  if (!url || !/^https?:\/\//.test(url)) {
    console.error(`--url must be an http(s) URL of Tailwatch\n\n${USAGE}`);
    return EXIT.failed;
  }
  if (!key) {
    console.error(`--key (or $TAILWATCH_API_KEY) is required\n\n${USAGE}`);
    return EXIT.failed;
  }
  if (!Number.isInteger(interval) || interval < 1 || interval > 3600) {
    console.error("--interval must be a whole number of seconds between 1 and 3600");
    return EXIT.failed;
  }
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
  return runCollector({
    url,
    key,
    intervalS: interval,
    host: values.host ?? hostname(),
    once: values.once,
    nvidiaSmi: values["nvidia-smi"],
    signal: controller.signal,
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error("[gpu-collector] fatal:", err);
    process.exit(EXIT.failed);
  },
);
