import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { decodeAttributes, decodeId, nanosDiffMs, nanosToMs } from "./any-value";

/** protobufjs's Long, as its decoder hands out fixed64 values. */
const Long = protobuf.util.Long as unknown as { fromString(s: string, unsigned: boolean): unknown };

describe("nanosecond timestamps", () => {
  it("keep millisecond-aligned times exact, from strings, numbers and Longs", () => {
    for (let i = 0; i < 5_000; i++) {
      const ms = Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 1e10);
      const ns = BigInt(ms) * 1_000_000n;
      const long = Long.fromString(String(ns), true);
      for (const v of [String(ns), long, Number(ns)]) expect(new Date(nanosToMs(v)!).getTime()).toBe(ms);
    }
    expect(nanosToMs("1763640000000123000")).toBe(1763640000000.123);
    expect(nanosToMs("0")).toBeNull();
    expect(nanosToMs(undefined)).toBeNull();
    expect(nanosToMs("-5")).toBeNull();
  });

  it("compute durations exactly to the nanosecond", () => {
    const start = "1763640000000000001";
    const end = "1763640000001500001";
    expect(nanosDiffMs(end, start)).toBe(1.5);
    expect(nanosDiffMs(Long.fromString(end, true), Long.fromString(start, true))).toBe(1.5);
    expect(nanosDiffMs(Long.fromString("4294967297000", true), Long.fromString("4294967295000", true))).toBe(0.002);
  });
});

describe("ids and attributes", () => {
  it("reads hex ids in any case, base64 ids, and refuses wrong sizes or all zeros", () => {
    expect(decodeId("0AF7651916CD43DD8448EB211C80319C", "json", 16)).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(decodeId(Buffer.from("b7ad6b7169203331", "hex").toString("base64"), "json", 8)).toBe("b7ad6b7169203331");
    expect(decodeId("b7ad6b71", "json", 8)).toBeNull();
    expect(decodeId("0000000000000000", "json", 8)).toBeNull();
    expect(decodeId(new Uint8Array(0), "proto", 8)).toBeNull();
    expect(decodeId("b7ad6b7169203331", "proto", 8)).toBeNull();
  });

  it("decodes every OTLP/JSON AnyValue kind", () => {
    const attrs = decodeAttributes(
      [
        { key: "s", value: { stringValue: "v" } },
        { key: "b", value: { boolValue: false } },
        { key: "i", value: { intValue: "42" } },
        { key: "i2", value: { intValue: 7 } },
        { key: "d", value: { doubleValue: 0.5 } },
        { key: "nan", value: { doubleValue: "NaN" } },
        { key: "arr", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: "1" }] } } },
        { key: "kv", value: { kvlistValue: { values: [{ key: "x", value: { stringValue: "y" } }] } } },
        { key: "bytes", value: { bytesValue: "AQID" } },
        { key: "empty", value: {} },
        { key: "", value: { stringValue: "dropped" } },
      ],
      "json",
    );
    expect(attrs).toEqual({ s: "v", b: false, i: 42, i2: 7, d: 0.5, nan: "NaN", arr: ["a", 1], "kv.x": "y", bytes: "AQID", empty: null });
  });
});
