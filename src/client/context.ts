// One typed way to perform an action of the spec, and the names of an action's parts. The action's
// name fixes its arguments, body and result, all from the generated types, so a method cannot pair
// a body with another action.
import type { ActionTypes } from "../../generated/actions.js";
import type { Methods } from "../../generated/methods.js";
import type { CallOptions } from "./options.js";
export type { BodyOf, Exclusive } from "../../generated/methods.js";

/** An action of the spec: `devices.create`, `deviceAuthentications.checkOtp`, … */
export type ActionName = keyof ActionTypes;
/** The query an action takes. */
export type QueryOf<A extends ActionName> = ActionTypes[A]["query"];
/** The headers an action takes (the remembered-device cookie). */
export type HeadersOf<A extends ActionName> = ActionTypes[A]["headers"];
/** What an action answers on success (nothing for a 204). */
export type ResultOf<A extends ActionName> = ActionTypes[A]["result"];

/** The method of an action: `devices.create` is `mfa.devices.create`. */
export type MethodOf<A extends ActionName> = A extends `${infer R extends keyof Methods<CallOptions>}.${infer M}`
  ? M extends keyof Methods<CallOptions>[R]
    ? Methods<CallOptions>[R][M]
    : never
  : never;

/** The arguments of an action's method, in order, then the call options. */
export type ArgumentsOf<A extends ActionName> = MethodOf<A> extends (...args: infer P) => unknown ? P : never;

/** The client, as its methods see it. */
export interface Context {
  /**
   * Performs an action with the method's arguments as given (in `x-pingone-method.arguments`
   * order, then the call options): checks them against the spec, sends the request and returns
   * the parsed success body.
   */
  call<A extends ActionName>(action: A, args: ArgumentsOf<A>): Promise<ResultOf<A>>;
}
