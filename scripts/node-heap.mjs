// The V8 heap limit the server runs with. Left alone, V8 sizes its heap from the machine's memory
// (GBs) and lets garbage pile up: the server's RSS reached 510–580 MB under sustained ingest. A
// 192 MB old space keeps it under 300 MB at the same throughput (bench: 285 MB, within noise of
// the uncapped rate). TAILWATCH_HEAP_MB sets another limit; 0 leaves V8's default.
export function serverNodeArgs(env = process.env) {
  const raw = env.TAILWATCH_HEAP_MB ?? "192";
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 0) throw new Error(`TAILWATCH_HEAP_MB must be a whole number of MB (0 = V8 default), got ${JSON.stringify(raw)}`);
  return mb === 0 ? [] : [`--max-old-space-size=${mb}`];
}
