import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { describe, expect, it } from "vitest";
import { decodeJsonBody, decodeProtobufBody } from "./decode";
import { encodeTraceRequestProto, encodeTraceResponseProto } from "./otlp-proto";
import { OtlpDecodeError } from "./types";

/** Real SDK spans, serialized by the official OpenTelemetry JS serializers. */
async function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "chat-api", "service.version": "1.4.2" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("conformance", "0.1.0");
  const root = tracer.startSpan("POST /chat", { kind: SpanKind.SERVER });
  {
    const gen = tracer.startSpan("chat gpt-4o-mini", {
      kind: SpanKind.CLIENT,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 1234,
        "gen_ai.request.temperature": 0.25,
        "gen_ai.request.stream": true,
        "gen_ai.response.finish_reasons": ["stop", "length"],
        "big.int": 2 ** 40,
      },
    }, trace.setSpan(context.active(), root));
    gen.addEvent("First Token Stream Event");
    gen.recordException(new TypeError("boom"));
    gen.setStatus({ code: SpanStatusCode.ERROR, message: "upstream failed" });
    gen.end();
    root.setStatus({ code: SpanStatusCode.OK });
    root.end();
  }
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

describe("OTLP protobuf schema", () => {
  it("decodes the official protobuf serializer's output exactly as its JSON serializer's", async () => {
    const spans = await sdkSpans();
    const fromProto = decodeProtobufBody(ProtobufTraceSerializer.serializeRequest(spans)!);
    const fromJson = decodeJsonBody(JsonTraceSerializer.serializeRequest(spans)!);
    expect(fromProto).toEqual(fromJson);
    expect(fromProto.spans).toHaveLength(2);
    const gen = fromProto.spans.find((s) => s.name === "chat gpt-4o-mini")!;
    const root = fromProto.spans.find((s) => s.name === "POST /chat")!;
    expect(gen.traceId).toBe(spans[0]!.spanContext().traceId);
    expect(gen.spanId).toBe(spans.find((s) => s.name === "chat gpt-4o-mini")!.spanContext().spanId);
    expect(gen.parentSpanId).toBe(root.spanId);
    expect(root.parentSpanId).toBeNull();
    expect(gen.kind).toBe(3);
    expect(root.kind).toBe(2);
    expect(gen.attributes).toMatchObject({
      "gen_ai.usage.input_tokens": 1234,
      "gen_ai.request.temperature": 0.25,
      "gen_ai.request.stream": true,
      "gen_ai.response.finish_reasons": ["stop", "length"],
      "big.int": 2 ** 40,
    });
    expect(gen.events.map((e) => e.name)).toEqual(["First Token Stream Event", "exception"]);
    expect(gen.events[1]!.attributes["exception.type"]).toBe("TypeError");
    expect(gen.statusCode).toBe(2);
    expect(gen.statusMessage).toBe("upstream failed");
    expect(root.statusCode).toBe(1);
    expect(gen.resource).toMatchObject({ "service.name": "chat-api", "service.version": "1.4.2" });
    expect(gen.scopeName).toBe("conformance");
    expect(gen.scopeVersion).toBe("0.1.0");
    expect(gen.startMs).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(gen.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("answers in a form the official response decoder reads", () => {
    expect(ProtobufTraceSerializer.deserializeResponse(encodeTraceResponseProto())).toEqual({});
    const decoded = ProtobufTraceSerializer.deserializeResponse(
      encodeTraceResponseProto({ rejectedSpans: 3, errorMessage: "3 span(s) refused" }),
    );
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(3);
    expect(decoded.partialSuccess?.errorMessage).toBe("3 span(s) refused");
  });

  it("decodes every AnyValue kind, including kvlists (flattened) and bytes", () => {
    const body = encodeTraceRequestProto({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from("0af7651916cd43dd8448eb211c80319c", "hex"),
                  spanId: Buffer.from("b7ad6b7169203331", "hex"),
                  name: "s",
                  startTimeUnixNano: "1763640000000000000",
                  endTimeUnixNano: "1763640000001500000",
                  attributes: [
                    { key: "kv", value: { kvlistValue: { values: [{ key: "a", value: { intValue: "7" } }, { key: "b", value: { kvlistValue: { values: [{ key: "c", value: { boolValue: true } }] } } }] } } },
                    { key: "bytes", value: { bytesValue: Buffer.from([1, 2, 3]) } },
                    { key: "huge", value: { intValue: "9007199254740993" } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const [span] = decodeProtobufBody(body).spans;
    expect(span!.attributes).toEqual({ "kv.a": 7, "kv.b.c": true, bytes: "AQID", huge: "9007199254740993" });
    expect(span!.startMs).toBe(1763640000000);
    expect(span!.durationMs).toBe(1.5);
  });

  it("refuses bodies that are not protobuf or not JSON", () => {
    expect(() => decodeProtobufBody(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow(OtlpDecodeError);
    expect(() => decodeJsonBody(new TextEncoder().encode("{nope"))).toThrow(OtlpDecodeError);
    expect(() => decodeJsonBody(new TextEncoder().encode('{"resourceSpans": 3}'))).toThrow(/resourceSpans must be an array/);
    expect(() => decodeJsonBody(new TextEncoder().encode("[]"))).toThrow(OtlpDecodeError);
  });
});
