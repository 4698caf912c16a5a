// What a handler is: one per action of the spec, taking the request typed by that action (its
// path parameters and its body, from generated/actions.ts) and returning PingOne's answer. The
// tables are mapped types over the action names, so an action added to the spec without a
// handler fails to compile.
import type { ActionTypes } from "../../../generated/actions.js";
import type { Clock } from "./clock.js";
import type { SimulatedAnswer } from "./errors.js";
import type { Actor } from "./records.js";
import type { SimulatorSettings } from "./settings.js";
import type { Store } from "./store.js";

export type ActionName = keyof ActionTypes;
export type DeviceActionName = Extract<ActionName, `devices.${string}`>;
export type AuthenticationActionName = Extract<ActionName, `deviceAuthentications.${string}`>;

/** One request, routed and validated against the spec, as the handler of action `A` sees it. */
export interface HandlerRequest<A extends ActionName> {
  action: A;
  /** The path parameters (the environment's too). */
  params: ActionTypes[A]["path"] & { environmentId: string };
  /** The query as sent (strings). */
  query: Record<string, string>;
  /** The body, valid for the action's media type (and branch) in the spec. */
  body: ActionTypes[A]["body"];
  headers: Record<string, string | undefined>;
  /** The mock's origin as the client reached it, so `_links` point at it. */
  origin: string;
  /** Who the request acts as. */
  actor: Actor;
}

export type Handler<A extends ActionName> = (request: HandlerRequest<A>) => SimulatedAnswer;

/** A handler for every action in `Names`: leaving one out does not compile. */
export type HandlerTable<Names extends ActionName = ActionName> = { [A in Names]: Handler<A> };

/** The calls each deviceAuthentication status allows (the spec's `x-pingone-next`), by status. */
export type NextCalls = ReadonlyMap<string, readonly string[]>;

/** What handlers share: the store, the clock, the current settings and the spec's next calls. */
export interface Context {
  readonly store: Store;
  readonly clock: Clock;
  settings(): SimulatorSettings;
  readonly nextCalls: NextCalls;
}
