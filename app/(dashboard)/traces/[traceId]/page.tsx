import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { TraceDetail } from "@/components/traces/trace-detail";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const traceId = decodeURIComponent((await params).traceId).slice(0, 256);
  await getQueryClient().prefetchQuery(trpc.traces.get.queryOptions({ traceId }));
  return (
    <HydrateClient>
      <Link href="/traces" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">← Traces</Link>
      <PageHeader title={`Trace ${traceId}`} />
      <TraceDetail traceId={traceId} />
    </HydrateClient>
  );
}
