// Path IDs under generated input: each is refused before any request, or sent as exactly one
// path segment that decodes back to itself.
import fc from "fast-check";
import { expect, it } from "vitest";
import { PingOneValidationError } from "../../src/index.ts";
import { AUTHN, ENV, json, stubClient, USER } from "../support/stub.ts";
import { figure } from "../support/figures.ts";

it("refuses or sends as one segment every generated device ID", async () => {
  let sent = 0;
  let refused = 0;
  let unexpected = 0;
  const { mfa, calls } = stubClient(() => json(200, { id: AUTHN, type: "SMS", status: "ACTIVE" }));
  const ids = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom(".", "..", "", " ", "a/b", "../..", "%2e%2e", "a\\b", "x?y#z", "a%2Fb"),
    fc.uuid(),
  );
  await fc.assert(
    fc.asyncProperty(ids, async (id) => {
      const before = calls.length;
      try {
        await mfa.devices.get(USER, id);
      } catch (error) {
        if (!(error instanceof PingOneValidationError) || calls.length !== before) unexpected++;
        refused++;
        return;
      }
      sent++;
      const path = new URL(calls.at(-1)!.url).pathname.split("/");
      const ok = path.length === 8 && path[3] === ENV && path[5] === USER && decodeURIComponent(path[7]!) === id;
      if (!ok) unexpected++;
    }),
    { numRuns: 3000 },
  );
  figure(
    `ids: ${sent + refused} generated IDs, ${sent} sent as one segment, ${refused} refused before sending, ${unexpected} unexpected`,
  );
  expect(unexpected).toBe(0);
  expect(sent).toBeGreaterThan(100);
  expect(refused).toBeGreaterThan(10);
});
