import { Suspense } from "react";
import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { TraceControls } from "@/components/traces/trace-controls";
import { TraceTable } from "@/components/traces/trace-table";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";
import { TRACE_SORTS, type TraceSort } from "@/server/traces/schema";

export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function TracesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const parsed = parseDashboardParams(params, "1h");
  const { range, filters } = parsed;
  const sortParam = one(params.sort);
  const sort: TraceSort = (TRACE_SORTS as readonly string[]).includes(sortParam ?? "") ? (sortParam as TraceSort) : "time";
  const status = one(params.status) === "error" || one(params.status) === "ok" ? (one(params.status) as "ok" | "error") : undefined;
  const search = one(params.q)?.slice(0, 256);
  const base = dashboardQuery(parsed);
  const input = { ...base, filters: parsed.userId ? { ...base.filters, userId: parsed.userId } : base.filters, sort, status, search, limit: 100 };
  await getQueryClient().prefetchInfiniteQuery(
    trpc.traces.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  return (
    <HydrateClient>
      <PageHeader title="Traces" description="Every request, with its stages, attempts and cost" range={range} window={parsed.window} filters={filters} user={parsed.userId ?? ""} />
      <Suspense>
        <TraceControls search={search ?? ""} sort={sort} status={status ?? ""} />
      </Suspense>
      <TraceTable input={input} />
    </HydrateClient>
  );
}
