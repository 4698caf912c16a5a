// Compile-time guarantees of the simulator's handler tables (tsc checks this file): every action
// of the spec has a handler, a table without one does not compile, and each handler's body is
// the action's body from the spec.
import { describe, expectTypeOf, it } from "vitest";
import type { ActionTypes } from "../../generated/actions.ts";
import { authenticationHandlers } from "../../src/testing/simulation/device-authentications.ts";
import { deviceHandlers } from "../../src/testing/simulation/devices.ts";
import type {
  ActionName,
  AuthenticationActionName,
  Context,
  DeviceActionName,
  Handler,
  HandlerRequest,
  HandlerTable,
} from "../../src/testing/simulation/handler.ts";
import type { SimulatorLimits } from "../../src/testing/simulation/settings.ts";

declare const context: Context;

describe("the simulator's handler tables", () => {
  it("cover every action of the spec between them", () => {
    expectTypeOf<keyof ReturnType<typeof deviceHandlers>>().toEqualTypeOf<DeviceActionName>();
    expectTypeOf<keyof ReturnType<typeof authenticationHandlers>>().toEqualTypeOf<AuthenticationActionName>();
    expectTypeOf<DeviceActionName | AuthenticationActionName>().toEqualTypeOf<ActionName>();
    const all: HandlerTable = { ...deviceHandlers(context), ...authenticationHandlers(context) };
    expectTypeOf(all).toEqualTypeOf<HandlerTable<ActionName>>();
  });

  it("refuse a table that leaves an action out", () => {
    const { "devices.sendLogs": _, ...withoutOne } = deviceHandlers(context);
    // @ts-expect-error devices.sendLogs has no handler
    const table: HandlerTable<DeviceActionName> = withoutOne;
    void table;
  });

  it("give each handler its action's body and path parameters", () => {
    expectTypeOf<HandlerRequest<"devices.setNickname">["body"]>().toEqualTypeOf<
      ActionTypes["devices.setNickname"]["body"]
    >();
    expectTypeOf<HandlerRequest<"deviceAuthentications.checkOtp">["body"]>().toEqualTypeOf<{ otp: string }>();
    expectTypeOf<HandlerRequest<"devices.get">["params"]>().toMatchTypeOf<{
      environmentId: string;
      userId: string;
      deviceId: string;
    }>();
    const handler: Handler<"devices.setNickname"> = ({ body }) => {
      // @ts-expect-error a nickname body has no otp
      void body.otp;
      return { status: 200, body: { nickname: body.nickname } };
    };
    void handler;
  });
});

describe("the simulator's settings", () => {
  it("take any part of PingOne's names, a duration whole", () => {
    expectTypeOf<{ otp: { failure: { count: 5 } } }>().toMatchTypeOf<SimulatorLimits>();
    expectTypeOf<{ authentication: { deviceSelection: "ALWAYS_DISPLAY_DEVICES" } }>().toMatchTypeOf<SimulatorLimits>();
    expectTypeOf<{ otp: { lifeTime: { duration: 30 } } }>().not.toMatchTypeOf<SimulatorLimits>();
    expectTypeOf<{ authentication: { deviceSelection: "FIRST" } }>().not.toMatchTypeOf<SimulatorLimits>();
  });
});
