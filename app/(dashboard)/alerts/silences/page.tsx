import { AlertsHeader } from "@/components/alerts/alerts-header";
import { SilenceForm } from "@/components/alerts/silence-form";
import { SilencesTable } from "@/components/alerts/silences-table";
import { Panel } from "@/components/ui/panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function AlertSilencesPage() {
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.alerts.silences.list.queryOptions()),
    queryClient.prefetchQuery(trpc.alerts.rules.list.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <AlertsHeader />
      <div className="flex flex-col gap-4">
        <Panel title="New silence" subtitle="Mutes notifications of a rule, or of every alert whose labels match, for a while">
          <SilenceForm />
        </Panel>
        <Panel title="Silences" subtitle="Active, and ended in the last day" testId="panel-silences">
          <SilencesTable />
        </Panel>
      </div>
    </HydrateClient>
  );
}
