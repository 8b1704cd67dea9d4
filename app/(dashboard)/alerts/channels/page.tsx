import { AlertsHeader } from "@/components/alerts/alerts-header";
import { ChannelForm } from "@/components/alerts/channel-form";
import { ChannelsTable } from "@/components/alerts/channels-table";
import { Panel } from "@/components/ui/panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function AlertChannelsPage() {
  await getQueryClient().prefetchQuery(trpc.alerts.channels.list.queryOptions());
  return (
    <HydrateClient>
      <AlertsHeader />
      <Panel title="Channels" subtitle="Where notifications go: Alertmanager-compatible webhooks (version 4 body), Slack, e-mail" testId="panel-channels">
        <div className="flex flex-col gap-5">
          <ChannelForm />
          <ChannelsTable />
        </div>
      </Panel>
    </HydrateClient>
  );
}
