import { describe, expect, it } from "vitest";
import { prepareStageShares, prepareStageTable, stagesPresent } from "./stages";
import type { MetricsOutput } from "./types";

type Breakdown = MetricsOutput["stages"][number];
const stage = (name: string, share: number, spans = 10) => ({ stage: name, spans, share, totalMs: share * 1000, p50Ms: 100, p95Ms: 200 });
const gen = { ttftP50Ms: 300, ttftP95Ms: 900, durationP50Ms: 1200, durationP95Ms: 3000, decodeShare: 0.7 };
const chat: Breakdown = { taskType: "chat", requests: 20, stages: [stage("generation", 0.7), stage("network", 0.1), stage("queue", 0.2)], generation: gen };
const rag: Breakdown = { taskType: "rag_answer", requests: 8, stages: [stage("retrieval", 0.4), stage("generation", 0.6)], generation: gen };

describe("stagesPresent", () => {
  it.each<[string, Breakdown[], string[]]>([
    ["pipeline order, not share order", [chat, rag], ["network", "queue", "retrieval", "generation"]],
    ["stages without spans are left out", [{ ...chat, stages: [stage("generation", 1), stage("tool", 0, 0)] }], ["generation"]],
    ["unknown stages go last", [{ ...chat, stages: [stage("zeta", 0.5), stage("network", 0.5)] }], ["network", "zeta"]],
    ["nothing", [], []],
  ])("%s", (_n, input, expected) => expect(stagesPresent(input)).toEqual(expected));
});

describe("prepareStageShares", () => {
  it("a row per task type with a zero for stages it never ran", () => {
    const { stages, rows } = prepareStageShares([chat, rag]);
    expect(stages).toEqual(["network", "queue", "retrieval", "generation"]);
    expect(rows).toEqual([
      { taskType: "chat", requests: 20, network: 0.1, queue: 0.2, retrieval: 0, generation: 0.7 },
      { taskType: "rag_answer", requests: 8, network: 0, queue: 0, retrieval: 0.4, generation: 0.6 },
    ]);
  });

  it("names an empty task type", () => {
    expect(prepareStageShares([{ ...chat, taskType: "" }]).rows[0]!.taskType).toBe("(none)");
  });
});

describe("prepareStageTable", () => {
  it("sorts stages in pipeline order", () => {
    expect(prepareStageTable(chat).map((r) => r.stage)).toEqual(["network", "queue", "generation"]);
  });
});
