// The README's winston adapter, run as it is written: the line after the README's
// `<!-- tested: test/transport/winston.test.ts -->` wraps a winston 3.19 logger writing JSON lines.
// Against the simulator (a 503, then the retry answered) winston must get each record's message and
// fields at the record's level, and no line may hold the call's token or the whole phone number.
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import winston from "winston";
import { createMfaClient, type Logger } from "../../src/index.node.ts";
import { startMockServer } from "../../src/testing/index.ts";
import { readmeBlock } from "../support/readme.ts";
import { anyOf, phoneSeen, tokenSeen } from "../support/spellings.ts";

/** The README's `logger: { … }` line, as a function of the winston logger `w`. */
function adapter(): (w: winston.Logger) => Logger {
  const line = readmeBlock("test/transport/winston.test.ts").trim().replace(/,$/, "");
  expect(line.startsWith("logger: {"), "the block is the logger option").toBe(true);
  return new Function("w", `return ({ ${line} }).logger;`) as (w: winston.Logger) => Logger;
}

it("the README's winston adapter writes each record's message and fields, and no secret", async () => {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n")) if (text) lines.push(JSON.parse(text));
      done();
    },
  });
  const w = winston.createLogger({
    level: "debug",
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
  const token = "mock-token-7d1e9c0b4a2f4e8d";
  const phone = "+1 413 555 0150";
  const mock = await startMockServer();
  try {
    const mfa = createMfaClient({
      environmentId: crypto.randomUUID(),
      accessToken: token,
      apiBaseUrl: mock.apiBaseUrl,
      authBaseUrl: mock.authBaseUrl,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 },
      logger: adapter()(w),
    });
    const userId = crypto.randomUUID();
    const device = await mfa.devices.create(userId, { type: "SMS", phone, policy: { id: crypto.randomUUID() } });
    mock.failNext({ status: 503, action: "devices.get" });
    await mfa.devices.get(userId, device.id);
  } finally {
    await mock.close();
  }
  await new Promise<void>((resolve) => w.end(resolve));

  // create: request, response; get: request, 503 response, retry, request, response.
  expect(lines.map((l) => `${l.level} ${l.event}`)).toEqual([
    "debug request",
    "debug response",
    "debug request",
    "debug response",
    "warn retry",
    "debug request",
    "debug response",
  ]);
  for (const line of lines) {
    // winston's message is the client's text line; the record's fields sit beside it.
    expect(line.message).toMatch(/^pingone-mfa: (POST|GET) /);
    expect(line).toMatchObject({ method: expect.stringMatching(/^(POST|GET)$/), attempt: expect.any(Number) });
  }
  expect(lines[4]).toMatchObject({ event: "retry", status: 503, reason: "status" });
  expect(lines.at(-1)).toMatchObject({ event: "response", status: 200, attempt: 2 });
  expect(anyOf(tokenSeen(token), phoneSeen(phone))(lines.map((line) => JSON.stringify(line)))).toEqual([]);
});
