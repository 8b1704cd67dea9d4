import { STAGE_COLORS } from "@/components/charts/chart-theme";
import { formatCount, formatDuration, formatPercent } from "@/components/charts/prepare/format";
import type { StageLatencyRow } from "@/components/charts/prepare/stages";
import { DataTable } from "@/components/ui/data-table";

export function StageTable({ rows, taskType }: { rows: StageLatencyRow[]; taskType: string }) {
  return (
    <DataTable
      label={`Stage latency of ${taskType}`}
      rows={rows}
      rowKey={(r) => r.stage}
      columns={[
        {
          header: "Stage",
          cell: (r) => (
            <span className="flex items-center gap-2">
              <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: STAGE_COLORS[r.stage] ?? "#64748b" }} />
              {r.stage}
            </span>
          ),
        },
        { header: "Spans", align: "right", cell: (r) => formatCount(r.spans) },
        { header: "Share", align: "right", cell: (r) => formatPercent(r.share, 1) },
        { header: "p50", align: "right", cell: (r) => formatDuration(r.p50Ms) },
        { header: "p95", align: "right", cell: (r) => formatDuration(r.p95Ms) },
      ]}
    />
  );
}
