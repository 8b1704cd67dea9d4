import "server-only";
import { isDatabaseUnavailable } from "@/db/errors";
import { authenticateKey, keyFromAuthorization } from "@/server/auth/api-keys";
import { readBodyLimited } from "@/server/http/read-body";
import { IngestRefusal } from "@/server/ingest/ingest-batch";
import { getRuntime } from "@/server/runtime";
import { ingestEngineData } from "./ingest-samples";
import { ENGINE_LIMITS } from "./limits";
import { mapEngineFamilies } from "./map-engine";
import { finalizePoints } from "./metric-series";
import { prometheusPoints } from "./prom-points";
import { parsePrometheusText } from "./prometheus-parse";
import { pushQuery } from "./schema";

const fail = (status: number, message: string, headers?: Record<string, string>) =>
  Response.json({ error: message }, { status, headers });

/**
 * `POST /api/engine/push?host=<name>&source=<optional>`: a Prometheus text page (DCGM exporter,
 * vLLM, TGI, Triton /metrics) pushed with a project API key. GPU and serving-engine metrics
 * become engine samples; every family (histograms included) is also stored by name in
 * metric_points, up to ENGINE_LIMITS.maxMetricSeries series. Samples without their own
 * timestamp are stamped now. Answers 200 with what was stored and what was skipped.
 */
export async function handleEnginePush(req: Request): Promise<Response> {
  const secret = keyFromAuthorization(req.headers.get("authorization"));
  if (!secret) return fail(401, "missing API key: send Authorization: Bearer <key>");
  const url = new URL(req.url);
  const query = pushQuery.safeParse({
    host: url.searchParams.get("host") ?? "",
    source: url.searchParams.get("source") ?? undefined,
  });
  if (!query.success) return fail(400, query.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));

  const unavailable = () => fail(503, "database unavailable; retry later", { "retry-after": "5" });
  try {
    const runtime = await getRuntime().catch((err) => {
      console.error("[engine] runtime unavailable:", (err as Error).message);
      return null;
    });
    if (!runtime) return unavailable();
    const db = runtime.handle.db;
    const key = await authenticateKey(db, secret);
    if (!key) return fail(401, "unknown or revoked API key");

    const body = await readBodyLimited(req, ENGINE_LIMITS.maxPageBytes);
    if (body === null) return fail(413, `request body larger than ${ENGINE_LIMITS.maxPageBytes} bytes`);
    const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
    const parsed = parsePrometheusText(text);
    if (parsed.sampleCount === 0) {
      const first = parsed.errors[0];
      const why = first ? ` (line ${first.line}: ${first.reason})` : " (empty body)";
      return fail(400, `no Prometheus sample could be read from the body${why}`);
    }
    const now = Date.now();
    const opts = { host: query.data.host, source: query.data.source, now };
    const mapped = mapEngineFamilies(parsed.families, opts);
    const named = prometheusPoints(parsed.families, opts);
    const points = finalizePoints(named.points, { now, maxSeries: ENGINE_LIMITS.maxMetricSeries });
    const stored = await ingestEngineData(db, key.projectId, mapped.samples, points.points);
    const max = ENGINE_LIMITS.maxReported;
    // a value both mappers drop (NaN in an engine gauge) is reported once
    const seen = new Set(mapped.dropped.map((d) => d.line));
    const dropped = [...mapped.dropped, ...named.dropped.filter((d) => !seen.has(d.line))];
    return Response.json({
      samples: stored.written,
      metricPoints: stored.points,
      metricSeriesOverLimit: points.seriesOverLimit,
      skippedLines: parsed.errors.slice(0, max),
      skippedLineCount: parsed.errors.length,
      // families that map to no engine-sample column (still stored in metric_points)
      ignoredMetrics: mapped.ignoredMetrics,
      droppedValues: dropped.slice(0, max),
      droppedValueCount: dropped.length,
      rejectedSamples: stored.rejected.slice(0, max),
      rejectedPoints: points.refused.slice(0, max),
      // latency histograms summarised (count, sum, p50, p95); stored whole in metric_points
      histograms: mapped.histograms.slice(0, 100),
    });
  } catch (err) {
    if (err instanceof IngestRefusal) return fail(err.kind === "too_large" ? 413 : 400, err.message);
    if (isDatabaseUnavailable(err)) return unavailable();
    console.error("[engine] push failed:", err);
    return fail(500, "internal error; see the server log");
  }
}
