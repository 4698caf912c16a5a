// The Content-Type of each action, read from the generated action table: PingOne picks the action
// from it, so each typed method sends its own.
import { actions } from "../../generated/actions.js";
import type { ActionName } from "../client/context.js";

type WithMedia = { [A in ActionName]: (typeof actions)[A]["mediaType"] extends string ? A : never }[ActionName];

/** The media type of every action that sends one: `MEDIA_TYPES["deviceAuthentications.checkOtp"]`. */
export const MEDIA_TYPES = Object.fromEntries(
  Object.entries(actions).flatMap(([name, action]) => (action.mediaType ? [[name, action.mediaType]] : [])),
) as { [A in WithMedia]: (typeof actions)[A]["mediaType"] };

type Select =
  | { readonly property: string; readonly only: string }
  | { readonly property: string; readonly except: readonly string[] };

/**
 * True when `body` is one `action` sends. Actions that share a media type (`devices.create` and
 * `devices.remember` on `application/json`) split its bodies by the discriminator: `only` one value,
 * or every value `except` those.
 */
export function sendsBody(action: ActionName, body: unknown): boolean {
  const declared = actions[action];
  if (!("select" in declared)) return true;
  const select: Select = declared.select;
  const value = (body as Record<string, unknown> | null | undefined)?.[select.property];
  return "only" in select ? value === select.only : !select.except.includes(value as string);
}
