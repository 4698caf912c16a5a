// The typed methods of a client, made at run time from the action table as Octokit makes its
// endpoint methods: one function per action, grouped by resource (`devices.create` becomes
// `mfa.devices.create`). Their signatures and docs are generated from the spec
// (generated/methods.ts); the call maps the arguments onto the request (call.ts).
import { actions } from "../../generated/actions.js";
import type { Methods } from "../../generated/methods.js";
import type { ActionName, Context } from "./context.js";
import type { CallOptions } from "./options.js";

type Method = (...args: unknown[]) => Promise<unknown>;

/** Every action of the spec as a method over `call`. */
export function methodsOver(call: Context["call"]): Methods<CallOptions> {
  const resources: Record<string, Record<string, Method>> = {};
  for (const name of Object.keys(actions) as ActionName[]) {
    const dot = name.indexOf(".");
    // `return await`: the result settles in one microtask, where handing back the promise takes three.
    (resources[name.slice(0, dot)] ??= {})[name.slice(dot + 1)] = async (...args) => await call(name, args as never);
  }
  return resources as unknown as Methods<CallOptions>;
}
