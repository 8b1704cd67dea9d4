import { EXPOSITION_CONTENT_TYPE } from "@/server/observability/exposition";
import { scrapeSelfMetrics } from "@/server/observability/scrape";

export const dynamic = "force-dynamic";

/** Tailwatch's own metrics for Prometheus: `scrape_configs: [{ job_name: tailwatch, metrics_path: /api/metrics }]`. */
export async function GET() {
  return new Response(await scrapeSelfMetrics(), { headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" } });
}
