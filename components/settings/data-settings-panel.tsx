"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { DataSettingsForm } from "./data-settings-form";

/** Loads the saved data settings and hands them to the form. */
export function DataSettingsPanel() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.data.get.queryOptions());
  if (settings.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (settings.isError) return <ErrorNotice what="data settings" message={settings.error.message} />;
  return <DataSettingsForm initial={settings.data} />;
}
