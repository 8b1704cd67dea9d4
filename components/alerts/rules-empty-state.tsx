import Link from "next/link";
import { primaryButtonClass } from "@/components/settings/field-styles";

/** What an alert rule is and how to make the first one. */
export function RulesEmptyState() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center dark:border-slate-700 dark:bg-slate-900">
      <p className="text-base font-semibold">No alert rules yet</p>
      <p className="mx-auto mt-2 max-w-xl text-sm text-slate-500 dark:text-slate-400">
        A rule watches one metric — p95 latency, TTFT, error or 429 rate, cost per hour, GPU memory — or an SLO&apos;s error budget, and tells
        your channels when it crosses a threshold for long enough. Before saving, the form replays it over the last 7 days so you see how often
        it would have fired.
      </p>
      <ol className="mx-auto mt-4 flex max-w-xl flex-col gap-1 text-left text-sm text-slate-600 dark:text-slate-300">
        <li>
          1. <Link href="/alerts/channels" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">Add a channel</Link> — an
          Alertmanager-style webhook, Slack, or e-mail.
        </li>
        <li>2. Create a rule, e.g. &ldquo;p95 latency &gt; 2 s over 5m, for 5m&rdquo;, and pick the channel.</li>
        <li>3. Rules are evaluated every few seconds; states change here live.</li>
      </ol>
      <Link href="/alerts/new" className={`${primaryButtonClass} mt-5 inline-block`}>
        Create your first rule
      </Link>
    </div>
  );
}
