// The methods are made from the action table: every action of the spec is a method of the client,
// and each argument lands where its x-pingone-method says (path, query, body, a body field, the
// items of a body list, a header), with the action's fixed fields filled in.
import { describe, expect, it } from "vitest";
import { actions } from "../../generated/actions.ts";
import { PingOneValidationError } from "../../src/index.ts";
import { AUTHN, DEVICE, ENV, json, stubClient, USER } from "../support/stub.ts";

describe("methods from the action table", () => {
  it("gives every action of the spec a method, and nothing else", () => {
    const { mfa } = stubClient();
    const names = Object.entries(mfa)
      .filter(([resource]) => resource !== "raw")
      .flatMap(([resource, methods]) => Object.keys(methods as object).map((method) => `${resource}.${method}`));
    expect(names.sort()).toEqual(Object.keys(actions).sort());
    for (const name of names) {
      const [resource, method] = name.split(".") as [string, string];
      expect(typeof (mfa as unknown as Record<string, Record<string, unknown>>)[resource]![method], name).toBe(
        "function",
      );
    }
  });

  it("puts each kind of argument where the spec says", async () => {
    const { mfa, calls } = stubClient(() => json(200, { id: DEVICE, status: "ACTIVE", order: [], _embedded: {} }));
    await mfa.devices.list(USER, { expand: "order" }).catch(() => undefined);
    await mfa.devices.setOrder(USER, [DEVICE, AUTHN]).catch(() => undefined);
    await mfa.devices.setNickname(USER, DEVICE, "Work phone").catch(() => undefined);
    await mfa.devices.sendLogs(USER, DEVICE).catch(() => undefined);
    await mfa.deviceAuthentications
      .checkRememberedDevice(
        { user: { id: USER }, policy: { id: DEVICE }, payload: { type: "BROWSER", value: "v" } } as never,
        "ST=abc",
      )
      .catch(() => undefined);
    const [list, order, nickname, logs, remembered] = calls;
    expect(list!.url).toBe(`https://api.pingone.com/v1/environments/${ENV}/users/${USER}/devices?expand=order`);
    expect(JSON.parse(order!.body)).toEqual({ order: [{ id: DEVICE }, { id: AUTHN }] });
    expect(JSON.parse(nickname!.body)).toEqual({ nickname: "Work phone" });
    expect(logs!.url).toBe(`https://api.pingone.com/v1/environments/${ENV}/users/${USER}/devices/${DEVICE}/logs`);
    expect(JSON.parse(logs!.body)).toEqual(actions["devices.sendLogs"].fixed);
    expect(remembered!.headers.cookie).toBe("ST=abc");
    expect(remembered!.headers["content-type"]).toBe(actions["deviceAuthentications.checkRememberedDevice"].mediaType);
  });

  it("takes the call options after the arguments", async () => {
    const other = "00000000-0000-4000-8000-000000000000";
    const { mfa, calls } = stubClient(() => json(200, { id: DEVICE, type: "SMS", status: "ACTIVE" }));
    await mfa.devices.get(USER, DEVICE, { environmentId: other });
    expect(calls[0]!.url).toContain(`/environments/${other}/users/`);
  });

  it("refuses a list argument that is not a list, by its argument name, before sending", async () => {
    const { mfa, calls } = stubClient();
    const error = await mfa.devices.setOrder(USER, "d1,d2" as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect((error as PingOneValidationError).field).toBe("deviceIds");
    expect(calls).toHaveLength(0);
  });
});
