import Link from "next/link";
import { newRuleDraft } from "@/components/alerts/rule-draft";
import { RuleForm } from "@/components/alerts/rule-form";
import { PageHeader } from "@/components/layout/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function NewRulePage() {
  await getQueryClient().prefetchQuery(trpc.alerts.channels.list.queryOptions());
  return (
    <HydrateClient>
      <Link href="/alerts" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">← Alerts</Link>
      <PageHeader title="New alert rule" description="Watch a metric or an SLO; see how it would have behaved before you save it" />
      <RuleForm initial={newRuleDraft()} />
    </HydrateClient>
  );
}
