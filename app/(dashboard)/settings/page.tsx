import { PageHeader } from "@/components/layout/page-header";
import { ApiKeyForm } from "@/components/settings/api-key-form";
import { ApiKeyTable } from "@/components/settings/api-key-table";
import { AuditLogTable } from "@/components/settings/audit-log-table";
import { DataSettingsPanel } from "@/components/settings/data-settings-panel";
import { DeleteUserForm } from "@/components/settings/delete-user-form";
import { MembersPanel } from "@/components/settings/members-panel";
import { TargetForm } from "@/components/settings/target-form";
import { TargetTable } from "@/components/settings/target-table";
import { Panel } from "@/components/ui/panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";
import { requirePageSession } from "@/server/auth/page-session";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const queryClient = getQueryClient();
  const session = await requirePageSession();
  const admin = session.kind === "signed-in" && session.current?.role === "admin";
  await Promise.all([
    queryClient.prefetchQuery(trpc.engine.targets.list.queryOptions()),
    queryClient.prefetchQuery(trpc.settings.data.get.queryOptions()),
    ...(admin ? [queryClient.prefetchQuery(trpc.access.keys.list.queryOptions())] : []),
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
        {admin && (
          <>
            <Panel title="API keys" subtitle="For ingest (SDKs, OTLP, Prometheus push) and reads; stored hashed, the secret is shown once" testId="api-keys-panel">
              <div className="flex flex-col gap-5">
                <ApiKeyForm />
                <ApiKeyTable />
              </div>
            </Panel>
            <Panel title="Members" subtitle="People of this organisation: viewers read, members also change alerts and scrape targets, admins everything">
              <MembersPanel />
            </Panel>
            <Panel title="Audit log" subtitle="Who changed rules, channels, silences, scrape targets, keys, members and settings">
              <AuditLogTable />
            </Panel>
          </>
        )}
      </div>
    </HydrateClient>
  );
}
