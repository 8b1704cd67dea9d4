import { handleMetricsExport } from "@/server/engine/otlp-metrics-export";

export const dynamic = "force-dynamic";

/** OTLP/HTTP metrics receiver (protobuf or JSON): point an OpenTelemetry metrics exporter at `<base>/api/otel/v1/metrics`. */
export function POST(req: Request) {
  return handleMetricsExport(req);
}
