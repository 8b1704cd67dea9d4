import { PageHeader } from "@/components/layout/page-header";
import { TargetForm } from "@/components/settings/target-form";
import { TargetTable } from "@/components/settings/target-table";
import { Panel } from "@/components/ui/panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await getQueryClient().prefetchQuery(trpc.engine.targets.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Settings" />
      <Panel title="Scrape targets" subtitle="Prometheus endpoints of GPUs and serving engines, polled in the background">
        <div className="flex flex-col gap-5">
          <TargetForm />
          <TargetTable />
        </div>
      </Panel>
    </HydrateClient>
  );
}
