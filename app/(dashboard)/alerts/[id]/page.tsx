import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { HISTORY_LIMIT } from "@/components/alerts/history-panels";
import { RuleDetail } from "@/components/alerts/rule-detail";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.alerts.rules.get.queryOptions({ id })),
    queryClient.prefetchQuery(trpc.alerts.history.queryOptions({ ruleId: id, limit: HISTORY_LIMIT })),
  ]);
  if (!queryClient.getQueryData(trpc.alerts.rules.get.queryKey({ id }))) notFound();
  return (
    <HydrateClient>
      <Link href="/alerts" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">← Alerts</Link>
      <div className="mt-1">
        <RuleDetail ruleId={id} />
      </div>
    </HydrateClient>
  );
}
