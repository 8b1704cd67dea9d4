import { handleTraceExport } from "@/server/ingest/otlp/export-traces";

export const dynamic = "force-dynamic";

/** OTLP/HTTP trace receiver: point an OpenTelemetry exporter at `<base>/api/otel/v1/traces`. */
export function POST(req: Request) {
  return handleTraceExport(req);
}
