import { formatDurationS } from "@/server/alerts/schema";
import { StatCard } from "@/components/ui/stat-card";
import { formatCount } from "@/components/charts/prepare/format";
import type { PreviewOutput } from "./types";

type SloVerdict = Extract<PreviewOutput, { kind: "slo" }>["slo"];

const burn = (v: number | null) => (v === null ? "—" : `${v >= 10 ? Math.round(v) : Math.round(v * 100) / 100}×`);

/** Budget left over 30 days and the burn rate of every window pair the alerts read. */
export function SloStatus({ slo }: { slo: SloVerdict }) {
  const left = slo.budgetRemaining;
  return (
    <div className="flex flex-col gap-4" data-testid="slo-status">
      <div className="grid grid-cols-3 gap-3">
        <StatCard label="Budget left" value={left === null ? "—" : `${Math.round(left * 1000) / 10} %`} tone={left === null ? "default" : left < 0.25 ? "bad" : "good"} hint="of 30 days' errors" />
        <StatCard label="Attainment" value={slo.attainment === null ? "—" : `${(slo.attainment * 100).toFixed(3)} %`} hint="good ÷ all, 30 days" />
        <StatCard label="Requests" value={formatCount(slo.periodRequests)} hint="in 30 days" />
      </div>
      <table aria-label="Burn-rate windows" className="w-full text-sm">
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr className="border-b border-slate-200 dark:border-slate-800">
            <th className="pb-2 text-left font-medium">Alert</th>
            <th className="pb-2 text-left font-medium">Windows</th>
            <th className="pb-2 text-right font-medium">Fires above</th>
            <th className="pb-2 text-right font-medium">Long burn</th>
            <th className="pb-2 text-right font-medium">Short burn</th>
            <th className="pb-2 text-right font-medium">Now</th>
          </tr>
        </thead>
        <tbody>
          {slo.alerts.flatMap((a) =>
            a.windows.map((w) => (
              <tr key={`${a.severity}-${w.longS}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800/70">
                <td className="py-1.5 capitalize">{a.severity}</td>
                <td className="text-slate-600 dark:text-slate-300">
                  {formatDurationS(w.longS)} and {formatDurationS(w.shortS)}
                </td>
                <td className="text-right tabular-nums">{w.factor}×</td>
                <td className="text-right tabular-nums">{burn(w.long)}</td>
                <td className="text-right tabular-nums">{burn(w.short)}</td>
                <td className={`text-right text-xs font-medium ${w.holds ? "text-rose-600 dark:text-rose-400" : "text-emerald-600 dark:text-emerald-400"}`}>
                  {w.holds ? "burning" : "ok"}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        A burn rate of 1× spends the budget exactly in 30 days. Page alerts need both windows of a pair above its factor, so a short spike does not page
        and a slow leak still opens a ticket.
      </p>
    </div>
  );
}
