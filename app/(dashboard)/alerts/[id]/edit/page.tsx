import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RuleEditor } from "@/components/alerts/rule-editor";
import { PageHeader } from "@/components/layout/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function EditRulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.alerts.rules.get.queryOptions({ id })),
    queryClient.prefetchQuery(trpc.alerts.channels.list.queryOptions()),
  ]);
  const found = queryClient.getQueryData(trpc.alerts.rules.get.queryKey({ id }));
  if (!found) notFound();
  return (
    <HydrateClient>
      <Link href={`/alerts/${id}`} className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">← {found.rule.name}</Link>
      <PageHeader title="Edit alert rule" description="Saving starts the rule's alerts over; one that fires is resolved first" />
      <RuleEditor ruleId={id} />
    </HydrateClient>
  );
}
