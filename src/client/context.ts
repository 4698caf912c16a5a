// What the resource modules (devices, deviceAuthentications) get from the client: one typed way to
// perform an action of the spec. The action's name fixes its path parameters, query, headers, body
// and result, all from the generated types, so a method cannot pair a body with another action.
import type { ActionTypes } from "../../generated/actions.js";
import type { CallOptions } from "./options.js";

/** An action of the spec: `devices.create`, `deviceAuthentications.checkOtp`, … */
export type ActionName = keyof ActionTypes;

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
/** A union whose members exclude each other: `{ otp } | { attestation }`, never both. */
export type Exclusive<T, K extends PropertyKey = KeysOfUnion<T>> = T extends unknown
  ? T & { [P in Exclude<K, keyof T>]?: never }
  : never;

/** The body an action sends. */
export type BodyOf<A extends ActionName> = Exclusive<ActionTypes[A]["body"]>;
/** The query an action takes. */
export type QueryOf<A extends ActionName> = ActionTypes[A]["query"];
/** The headers an action takes (the remembered-device cookie). */
export type HeadersOf<A extends ActionName> = ActionTypes[A]["headers"];
/** What an action answers on success (nothing for a 204). */
export type ResultOf<A extends ActionName> = ActionTypes[A]["result"];

type Part<K extends string, T, Optional = false> = [T] extends [never] ? unknown : Optional extends true ? { [P in K]?: T } : { [P in K]: T };

/** What one action needs: its path parameters, and its body, query and headers when it has them. */
export type ActionInput<A extends ActionName> = { path: ActionTypes[A]["path"] } & Part<"body", BodyOf<A>> &
  Part<"query", QueryOf<A>, true> &
  Part<"headers", HeadersOf<A>>;

/** The client, as the resource modules see it. */
export interface Context {
  /** Checks the input against the spec, sends the action and returns its parsed success body. */
  call<A extends ActionName>(action: A, input: ActionInput<A>, options: CallOptions | undefined): Promise<ResultOf<A>>;
}
