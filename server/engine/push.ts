import "server-only";
import type { z } from "zod";
import { withProjectKey } from "@/server/http/with-project-key";
import { ingestEngineData } from "./ingest-samples";
import { ENGINE_LIMITS } from "./limits";
import { mapEngineFamilies } from "./map-engine";
import { finalizePoints } from "./metric-series";
import { prometheusPoints } from "./prom-points";
import { parsePrometheusText } from "./prometheus-parse";
import { pushQuery } from "./schema";

const fail = (status: number, message: string, headers?: Record<string, string>) =>
  Response.json({ error: message }, { status, headers });

type PushQuery = z.infer<typeof pushQuery>;

/**
 * `POST /api/engine/push?host=<name>&source=<optional>`: a Prometheus text page (DCGM exporter,
 * vLLM, TGI, Triton /metrics) pushed with a project API key. GPU and serving-engine metrics
 * become engine samples; every family (histograms included) is also stored by name in
 * metric_points, up to ENGINE_LIMITS.maxMetricSeries series. Samples without their own
 * timestamp are stamped now. Answers 200 with what was stored and what was skipped.
 */
export const handleEnginePush = withProjectKey<null, PushQuery>(
  {
    route: "engine_push",
    format: () => null,
    refuse: () => fail,
    query(req, refuse) {
      const url = new URL(req.url);
      const query = pushQuery.safeParse({
        host: url.searchParams.get("host") ?? "",
        source: url.searchParams.get("source") ?? undefined,
      });
      if (!query.success) return refuse(400, query.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));
      return query.data;
    },
    body: { maxBytes: ENGINE_LIMITS.maxPageBytes, tooLarge: `request body larger than ${ENGINE_LIMITS.maxPageBytes} bytes` },
  },
  async ({ runtime, projectId, body, query }) => {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
    const parsed = parsePrometheusText(text);
    if (parsed.sampleCount === 0) {
      const first = parsed.errors[0];
      const why = first ? ` (line ${first.line}: ${first.reason})` : " (empty body)";
      return fail(400, `no Prometheus sample could be read from the body${why}`);
    }
    const now = Date.now();
    const opts = { host: query.host, source: query.source, now };
    const mapped = mapEngineFamilies(parsed.families, opts);
    const named = prometheusPoints(parsed.families, opts);
    const points = finalizePoints(named.points, { now, maxSeries: ENGINE_LIMITS.maxMetricSeries });
    const stored = await ingestEngineData(runtime.handle.db, projectId, mapped.samples, points.points);
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
  },
);
