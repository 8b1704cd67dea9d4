import { describe, expect, it } from "vitest";
import { breaches, INACTIVE, step, type AlertState, type InstanceState, type Observation, type Timing } from "./state-machine";

const T = (s: number) => s * 1000;
const H: Observation = { kind: "value", holds: true };
const C: Observation = { kind: "value", holds: false };
const N: Observation = { kind: "nodata" };
const E: Observation = { kind: "error" };
const timing = (p: Partial<Timing> = {}): Timing => ({ forMs: T(60), keepFiringForMs: 0, noData: "nodata", onError: "error", ...p });

/** Runs evaluations every 30 s from t = 0 and returns the state and notification after each. */
function run(obs: Observation[], t: Timing, start: InstanceState = INACTIVE) {
  let s = start;
  return obs.map((o, i) => {
    const r = step(s, o, t, T(i * 30));
    s = r.next;
    return `${r.next.state}${r.notify ? `!${r.notify}` : ""}`;
  });
}

describe("alert state machine (Prometheus semantics)", () => {
  const cases: Array<{ name: string; timing: Timing; obs: Observation[]; states: string[] }> = [
    {
      name: "pending from the first evaluation that holds, firing once it held for `for` (60 s)",
      timing: timing(),
      obs: [C, H, H, H, H],
      states: ["inactive", "pending", "pending", "firing!firing", "firing"],
    },
    {
      name: "for = 0 fires at the first evaluation that holds",
      timing: timing({ forMs: 0 }),
      obs: [H, H, C],
      states: ["firing!firing", "firing", "inactive!resolved"],
    },
    {
      name: "one evaluation that does not hold resets the pending clock",
      timing: timing(),
      obs: [H, H, C, H, H, H],
      states: ["pending", "pending", "inactive", "pending", "pending", "firing!firing"],
    },
    {
      name: "a firing alert resolves at the first evaluation that does not hold",
      timing: timing(),
      obs: [H, H, H, C, C],
      states: ["pending", "pending", "firing!firing", "inactive!resolved", "inactive"],
    },
    {
      name: "keep_firing_for (60 s) holds firing after the condition clears, from the first clear evaluation",
      timing: timing({ keepFiringForMs: T(60) }),
      obs: [H, H, H, C, C, C, C],
      // cleared at 90 s: still firing at 90 and 120 (< 60 s since 90), resolved at 150
      states: ["pending", "pending", "firing!firing", "firing", "firing", "inactive!resolved", "inactive"],
    },
    {
      name: "holding again during keep_firing_for restarts it",
      timing: timing({ keepFiringForMs: T(60) }),
      obs: [H, H, H, C, H, C, C, C],
      states: ["pending", "pending", "firing!firing", "firing", "firing", "firing", "firing", "inactive!resolved"],
    },
    {
      name: "no data → NoData state; a firing alert that loses its data is resolved",
      timing: timing({ forMs: 0 }),
      obs: [H, N, N, H],
      states: ["firing!firing", "nodata!resolved", "nodata", "firing!firing"],
    },
    {
      name: "no data counts as OK",
      timing: timing({ noData: "ok" }),
      obs: [H, N, H, H, H],
      states: ["pending", "inactive", "pending", "pending", "firing!firing"],
    },
    {
      name: "no data counts as alerting (and respects for)",
      timing: timing({ noData: "alerting" }),
      obs: [N, N, N, C],
      states: ["pending", "pending", "firing!firing", "inactive!resolved"],
    },
    {
      name: "no data keeps the last state, without advancing the pending clock",
      timing: timing({ noData: "keep_last" }),
      obs: [H, N, N, N, H, C],
      // pending since 0; at 120 s it has held for 120 s ≥ 60 s: firing
      states: ["pending", "pending", "pending", "pending", "firing!firing", "inactive!resolved"],
    },
    {
      name: "a failed evaluation moves to Error and back",
      timing: timing({ forMs: 0 }),
      obs: [C, E, E, C, H],
      states: ["inactive", "error", "error", "inactive", "firing!firing"],
    },
    {
      name: "a failed evaluation keeps the last state when asked (firing stays firing, nothing re-sent)",
      timing: timing({ forMs: 0, onError: "keep_last" }),
      obs: [H, E, E, H, C],
      states: ["firing!firing", "firing", "firing", "firing", "inactive!resolved"],
    },
  ];
  it.each(cases)("$name", ({ timing, obs, states }) => {
    expect(run(obs, timing)).toEqual(states);
  });

  it("keeps the pending clock across a restart (state persisted and read back)", () => {
    const t = timing({ forMs: T(300) });
    const first = step(INACTIVE, H, t, T(0)).next;
    // the process restarts: the persisted state is all that remains
    const restored: InstanceState = JSON.parse(JSON.stringify(first));
    expect(step(restored, H, t, T(290)).next.state).toBe("pending");
    const fired = step(restored, H, t, T(300));
    expect(fired.next.state).toBe("firing");
    expect(fired.next.firingSince).toBe(T(300));
    expect(fired.next.pendingSince).toBe(T(0));
  });

  it("records each transition once, with from and to", () => {
    const t = timing({ forMs: 0 });
    const a = step(INACTIVE, H, t, 0);
    expect(a.transition).toEqual({ from: "inactive", to: "firing" });
    expect(step(a.next, H, t, 30_000).transition).toBeNull();
    expect(step(a.next, C, t, 30_000).transition).toEqual({ from: "firing", to: "inactive" });
  });

  it("never notifies outside firing edges", () => {
    const observations = [H, C, N, E, H, H, H, C, N, E];
    const allStates = new Set<AlertState>();
    for (const noData of ["nodata", "ok", "alerting", "keep_last"] as const) {
      let s = INACTIVE;
      observations.forEach((o, i) => {
        const r = step(s, o, timing({ noData, forMs: T(30) }), T(i * 30));
        if (r.notify === "firing") expect(r.next.state).toBe("firing");
        if (r.notify === "resolved") expect(s.state).toBe("firing");
        if (r.notify) expect(r.transition).not.toBeNull();
        allStates.add(r.next.state);
        s = r.next;
      });
    }
    expect([...allStates].sort()).toEqual(["error", "firing", "inactive", "nodata", "pending"]);
  });
});

describe("breaches", () => {
  it.each([
    [2001, ">", 2000, true],
    [2000, ">", 2000, false],
    [2000, ">=", 2000, true],
    [1999, "<", 2000, true],
    [2000, "<", 2000, false],
    [2000, "<=", 2000, true],
  ] as const)("%d %s %d → %s", (v, c, t, want) => expect(breaches(v, c, t)).toBe(want));
});
