import { PageHeader } from "@/components/layout/page-header";
import { DataSettingsPanel } from "@/components/settings/data-settings-panel";
import { DeleteUserForm } from "@/components/settings/delete-user-form";
import { TargetForm } from "@/components/settings/target-form";
import { TargetTable } from "@/components/settings/target-table";
import { Panel } from "@/components/ui/panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.engine.targets.list.queryOptions()),
    queryClient.prefetchQuery(trpc.settings.data.get.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageHeader title="Settings" />
      <div className="flex flex-col gap-4">
        <Panel title="Scrape targets" subtitle="Prometheus endpoints of GPUs and serving engines, polled in the background">
          <div className="flex flex-col gap-5">
            <TargetForm />
            <TargetTable />
          </div>
        </Panel>
        <Panel title="Data" subtitle="What is stored: redaction at ingest, text length, retention" testId="data-settings">
          <DataSettingsPanel />
        </Panel>
        <Panel title="Delete a user's data" subtitle="Privacy requests: removes every trace and span of one user id; rollups are rebuilt">
          <DeleteUserForm />
        </Panel>
      </div>
    </HydrateClient>
  );
}
