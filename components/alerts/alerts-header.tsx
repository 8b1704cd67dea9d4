import { PageHeader } from "@/components/layout/page-header";
import { AlertsTabs } from "./alerts-tabs";

/** The title and section tabs shared by the rules, history, channels and silences pages. */
export function AlertsHeader() {
  return (
    <>
      <PageHeader title="Alerts" description="Rules on latency, errors, cost and GPUs; who is told, and what was sent" />
      <AlertsTabs />
    </>
  );
}
