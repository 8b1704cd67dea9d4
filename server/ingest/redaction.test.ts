import { describe, expect, it } from "vitest";
import { DEFAULT_DATA_SETTINGS, type DataSettings } from "@/server/settings/schema";
import { compileRedactor, isEmailLike, luhnValid, probePattern, pseudonymizeUserId, redactBatch, shannonBits } from "./redaction";

const ALL_ON: DataSettings = { ...DEFAULT_DATA_SETTINGS, redactIp: true };
const redact = (text: string, settings: Partial<DataSettings> = {}) => compileRedactor({ ...ALL_ON, ...settings }, "p-1").string(text);

describe("built-in patterns", () => {
  it.each([
    // [what, input, expected]
    ["e-mail", "write to bob.smith+tag@mail.example.co.uk now", "write to [REDACTED:email] now"],
    ["visa, spaced", "card 4111 1111 1111 1111 ok", "card [REDACTED:credit_card] ok"],
    ["amex, dashed", "4=3782-822463-10005.", "4=[REDACTED:credit_card]."],
    ["mastercard, plain", "pan:5555555555554444", "pan:[REDACTED:credit_card]"],
    ["phone, international", "call +44 20 7946 0958 today", "call [REDACTED:phone] today"],
    ["phone, US dashed", "at +1-415-555-0100.", "at [REDACTED:phone]."],
    ["phone, US parens", "(415) 555-0100 office", "[REDACTED:phone] office"],
    ["phone, dotted", "tel 415.555.0100", "tel [REDACTED:phone]"],
    ["ipv4", "from 10.0.12.255:8080", "from [REDACTED:ip]:8080"],
    ["ipv6", "peer 2001:db8::8a2e:370:7334 said", "peer [REDACTED:ip] said"],
    ["ipv6 loopback", "bind ::1 ok", "bind [REDACTED:ip] ok"],
    ["openai key", "OPENAI=sk-proj-AbCdEfGh1234567890xyz", "OPENAI=[REDACTED:secret]"],
    ["anthropic key", "sk-ant-api03-abcdefghijklmnopqrstuv", "[REDACTED:secret]"],
    ["tailwatch key", "key tw_live_abcdefghijklmnop123", "key [REDACTED:secret]"],
    ["aws access key", "AKIAIOSFODNN7EXAMPLE in env", "[REDACTED:secret] in env"],
    ["github token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "[REDACTED:secret]"],
    ["bearer token", "Authorization: Bearer abc.DEF-123_xyz", "Authorization: Bearer [REDACTED:secret]"],
    ["api_key=value", "url?api_key=s3cr3tvalue&x=1", "url?api_key=[REDACTED:secret]&x=1"],
    ["password: value", '{"password": "hunter22"}', '{"password": "[REDACTED:secret]"}'],
    ["jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "[REDACTED:secret]"],
    ["long hex", "token deadbeef00112233445566778899aabbccddeeff end", "token [REDACTED:secret] end"],
    ["high-entropy base64", "k=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpL", "k=[REDACTED:secret]"],
  ])("%s", (_what, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ["a card number that fails Luhn", "4111 1111 1111 1112"],
    ["a bare digit run (ids, timestamps)", "id 1700000000000 and 123456789"],
    ["dates and times", "2026-11-20 12:30:45"],
    ["a version", "v1.2.3"],
    ["C++ scope", "std::vector<int>"],
    ["a MAC address", "00:1A:2B:3C:4D:5E"],
    ["a camel-case identifier", "ThisIsAVeryLongCamelCaseIdentifierName"],
    ["a hex run without digits", "abcdefabcdefabcdefabcdefabcdefabcdef"],
    ["an out-of-range ipv4", "10.0.0.256"],
    ["an ip-like version string with five parts", "1.2.3.4.5"],
  ])("leaves %s alone", (_what, input) => {
    expect(redact(input)).toBe(input);
  });

  it.each([
    ["redactEmail", "a@example.com"],
    ["redactPhone", "+44 20 7946 0958"],
    ["redactCreditCard", "4111111111111111"],
    ["redactIp", "192.168.1.1"],
    ["redactSecrets", "sk-abcdefghijklmnop1234"],
  ] as const)("%s off keeps the value", (flag, input) => {
    expect(redact(input, { [flag]: false })).toBe(input);
    expect(redact(input)).toMatch(/^\[REDACTED:/);
  });
});

describe("custom patterns, text cap, drop text", () => {
  it("replaces custom matches with their name", () => {
    const out = redact("order ORD-123456 for acct#9981", { customPatterns: [{ name: "order", pattern: "ORD-\\d{6}" }, { name: "account", pattern: "acct#\\d+" }] });
    expect(out).toBe("order [REDACTED:order] for [REDACTED:account]");
  });

  it("caps text, and still redacts a secret straddling the cut", () => {
    const long = "x".repeat(290) + " sk-abcdefghijklmnopqrstuvwxyz" + "y".repeat(500);
    const out = redact(long, { maxTextChars: 300 });
    expect(out).toBe("x".repeat(290) + " [REDACTED" + "…[truncated]");
    expect(out).not.toContain("sk-");
  });

  it("drops prompt/response text and text-bearing attributes, keeps other attributes", () => {
    const r = compileRedactor({ ...ALL_ON, dropText: true }, "p-1");
    expect(r.text("hello")).toBeNull();
    expect(r.attributes({ "gen_ai.prompt.0.content": "hi", "input.value": "x", "http.route": "/chat", nested: { mail: "a@b.io" } })).toEqual({
      "http.route": "/chat",
      nested: { mail: "[REDACTED:email]" },
    });
  });

  it("redacts strings anywhere inside attributes, keys stay", () => {
    const r = compileRedactor(ALL_ON, "p-1");
    expect(r.attributes({ "user.email": "a@b.io", list: ["ok", "10.1.1.1", 3], n: 5, ok: true })).toEqual({
      "user.email": "[REDACTED:email]",
      list: ["ok", "[REDACTED:ip]", 3],
      n: 5,
      ok: true,
    });
  });
});

describe("user ids", () => {
  it.each([
    ["hash", "Bob@Example.com", pseudonymizeUserId("p-1", "bob@example.com")],
    ["redact", "bob@example.com", "[REDACTED:email]"],
    ["keep", "bob@example.com", "bob@example.com"],
    ["hash", "user-42", "user-42"],
  ] as const)("%s: %s", (mode, input, expected) => {
    expect(compileRedactor({ ...ALL_ON, emailUserIds: mode }, "p-1").userId(input)).toBe(expected);
  });

  it("pseudonyms are stable per project and differ across projects", () => {
    expect(pseudonymizeUserId("p-1", "a@b.io")).toBe(pseudonymizeUserId("p-1", " A@B.io "));
    expect(pseudonymizeUserId("p-1", "a@b.io")).not.toBe(pseudonymizeUserId("p-2", "a@b.io"));
    expect(isEmailLike("not an email")).toBe(false);
  });
});

describe("helpers and safety", () => {
  it("luhn and entropy", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(shannonBits("aaaa")).toBe(0);
    expect(shannonBits("abcd")).toBe(2);
  });

  it("built-in patterns stay fast on adversarial input", () => {
    const r = compileRedactor({ ...ALL_ON, maxTextChars: 100_000 }, "p-1");
    for (const unit of ["a", "a@", "1 ", "+1", "1.", ":a", "A1b", "sk-", "eyJ."]) {
      const started = performance.now();
      r.string(unit.repeat(Math.ceil(50_000 / unit.length)));
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it.each([
    ["(a+)+$", /too slow/],
    ["(\\w|\\d)*!x", /too slow/],
    ["ORD-\\d{6}", null],
  ])("probePattern(%s)", (pattern, expected) => {
    const reason = probePattern(pattern);
    if (expected) expect(reason).toMatch(expected);
    else expect(reason).toBeNull();
  });

  it("redactBatch touches text, attributes and user ids, not names", () => {
    const batch = {
      traces: [{ user_id: "a@b.io", attributes: { ip: "10.0.0.1" }, name: "call a@b.io" }],
      spans: [{ input_text: "my card 4111111111111111", output_text: null, attributes: {}, name: "sk-abcdefghijklmnop1234" }],
    };
    redactBatch(batch, compileRedactor(ALL_ON, "p-1"));
    expect(batch.traces[0]).toEqual({ user_id: pseudonymizeUserId("p-1", "a@b.io"), attributes: { ip: "[REDACTED:ip]" }, name: "call a@b.io" });
    expect(batch.spans[0]!.input_text).toBe("my card [REDACTED:credit_card]");
    expect(batch.spans[0]!.name).toBe("sk-abcdefghijklmnop1234");
  });
});
