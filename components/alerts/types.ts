import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** What each `alerts.*` query returns, as the client receives it (times are ISO strings, or Dates once hydrated). */
export type AlertsOutput = inferRouterOutputs<AppRouter>["alerts"];
export type RuleListRow = AlertsOutput["rules"]["list"][number];
export type AlertRuleRow = RuleListRow["rule"];
export type AlertInstanceRow = RuleListRow["instances"][number];
export type RuleState = RuleListRow["state"];
export type AlertEventRow = AlertsOutput["history"]["events"][number];
export type NotificationRow = AlertsOutput["history"]["notifications"][number];
export type ChannelRow = AlertsOutput["channels"]["list"][number];
export type SilenceRow = AlertsOutput["silences"]["list"][number];
export type PreviewOutput = AlertsOutput["preview"];
export type BacktestOutput = AlertsOutput["backtest"];

/** A time as it arrives: an ISO string over the wire, a Date when hydrated from the server render. */
export type TimeValue = string | Date;
