import "server-only";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createChannel, deleteChannel, listChannels, listNotifications, sendTestNotification } from "@/server/alerts/channels";
import { listEvents } from "@/server/alerts/history";
import { externalURL } from "@/server/alerts/job";
import { backtestThreshold, previewSlo, previewThreshold } from "@/server/alerts/preview";
import { AlertInputError, createRule, deleteRule, getRule, listRules, setRuleEnabled, updateRule } from "@/server/alerts/rules";
import { channelInput, ruleInput, ruleSpec, silenceInput } from "@/server/alerts/schema";
import { createSilence, expireSilence, listSilences } from "@/server/alerts/silences";
import { dashboardProcedure, memberProcedure, router } from "../trpc";

const idInput = z.object({ id: z.uuid() });
const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `no such ${what} in this project` });

/** Domain input errors (a channel of another project, say) answer 400 with their message. */
async function input<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AlertInputError) throw new TRPCError({ code: "BAD_REQUEST", message: err.message });
    throw err;
  }
}

const HOUR_MS = 3_600_000;

/** Alert rules, their channels, silences and history. */
export const alertsRouter = router({
  rules: router({
    list: dashboardProcedure.query(({ ctx }) => listRules(ctx.db, ctx.projectId)),
    get: dashboardProcedure.input(idInput).query(async ({ ctx, input: { id } }) => {
      const found = await getRule(ctx.db, ctx.projectId, id);
      if (!found) throw notFound("alert rule");
      return found;
    }),
    create: memberProcedure.input(ruleInput).mutation(({ ctx, input: rule }) => input(() => createRule(ctx.db, ctx.projectId, rule))),
    update: memberProcedure.input(z.object({ id: z.uuid(), rule: ruleInput })).mutation(async ({ ctx, input: { id, rule } }) => {
      const updated = await input(() => updateRule(ctx.db, ctx.projectId, id, rule));
      if (!updated) throw notFound("alert rule");
      return updated;
    }),
    setEnabled: memberProcedure.input(z.object({ id: z.uuid(), enabled: z.boolean() })).mutation(async ({ ctx, input: { id, enabled } }) => {
      if (!(await setRuleEnabled(ctx.db, ctx.projectId, id, enabled))) throw notFound("alert rule");
      return { ok: true };
    }),
    remove: memberProcedure.input(idInput).mutation(async ({ ctx, input: { id } }) => {
      if (!(await deleteRule(ctx.db, ctx.projectId, id))) throw notFound("alert rule");
      return { ok: true };
    }),
  }),
  /** The rule's metric over the last hours as the evaluator sees it (threshold rules), or the SLO's burn rates now. */
  preview: dashboardProcedure
    .input(z.object({ spec: ruleSpec, hours: z.number().int().min(1).max(7 * 24).default(24) }))
    .query(async ({ ctx, input: { spec, hours } }) => {
      const now = Date.now();
      if (spec.kind === "slo") return { kind: "slo" as const, slo: await previewSlo(ctx.db, ctx.projectId, spec, now) };
      return { kind: "threshold" as const, series: await previewThreshold(ctx.db, ctx.projectId, spec, now - hours * HOUR_MS, now) };
    }),
  /** "Over the last 7 days this rule would have fired N times", with the intervals. */
  backtest: dashboardProcedure
    .input(z.object({ spec: ruleSpec, days: z.number().int().min(1).max(30).default(7) }))
    .query(async ({ ctx, input: { spec, days } }) => {
      if (spec.kind === "slo") throw new TRPCError({ code: "BAD_REQUEST", message: "backtests replay threshold rules; an SLO rule shows its burn rates and budget instead" });
      const now = Date.now();
      return backtestThreshold(ctx.db, ctx.projectId, spec, now - days * 24 * HOUR_MS, now);
    }),
  /** Enabled threshold rules with their state: dashboards draw them as threshold lines on matching charts. */
  thresholds: dashboardProcedure.query(async ({ ctx }) =>
    (await listRules(ctx.db, ctx.projectId))
      .filter((r) => r.rule.enabled && (r.rule.spec as { kind?: string }).kind === "threshold")
      .map((r) => {
        const spec = r.rule.spec as { metric: string; comparator: string; threshold: number; stage?: string; filters?: Record<string, string>; groupBy?: string };
        return { id: r.rule.id, name: r.rule.name, state: r.state, metric: spec.metric, comparator: spec.comparator, threshold: spec.threshold, stage: spec.stage ?? "request", filters: spec.filters ?? {}, groupBy: spec.groupBy ?? null };
      }),
  ),
  history: dashboardProcedure
    .input(z.object({ ruleId: z.uuid().optional(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(async ({ ctx, input: q }) => ({
      events: await listEvents(ctx.db, ctx.projectId, q),
      notifications: await listNotifications(ctx.db, ctx.projectId, q),
    })),
  channels: router({
    list: dashboardProcedure.query(({ ctx }) => listChannels(ctx.db, ctx.projectId)),
    create: memberProcedure.input(channelInput).mutation(({ ctx, input: channel }) => createChannel(ctx.db, ctx.projectId, channel)),
    remove: memberProcedure.input(idInput).mutation(async ({ ctx, input: { id } }) => {
      if (!(await deleteChannel(ctx.db, ctx.projectId, id))) throw notFound("channel");
      return { ok: true };
    }),
    test: memberProcedure.input(idInput).mutation(async ({ ctx, input: { id } }) => {
      const env = ctx.runtime.env;
      const result = await sendTestNotification(ctx.db, ctx.projectId, id, {
        externalURL: externalURL(env),
        smtp: { url: env.TAILWATCH_SMTP_URL, from: env.TAILWATCH_SMTP_FROM },
      });
      if (!result) throw notFound("channel");
      return result;
    }),
  }),
  silences: router({
    list: dashboardProcedure.query(({ ctx }) => listSilences(ctx.db, ctx.projectId)),
    create: memberProcedure.input(silenceInput).mutation(({ ctx, input: silence }) => input(() => createSilence(ctx.db, ctx.projectId, silence))),
    expire: memberProcedure.input(idInput).mutation(async ({ ctx, input: { id } }) => {
      if (!(await expireSilence(ctx.db, ctx.projectId, id))) throw notFound("active silence");
      return { ok: true };
    }),
  }),
});
