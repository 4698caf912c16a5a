// The Content-Type of each action, read from the generated action table: PingOne picks the action
// from it, so each typed method sends its own.
import { actions } from "../../generated/actions.js";
import type { ActionName } from "../client/context.js";

type WithMedia = { [A in ActionName]: (typeof actions)[A]["mediaType"] extends string ? A : never }[ActionName];

/** The media type of every action that sends one: `MEDIA_TYPES["deviceAuthentications.checkOtp"]`. */
export const MEDIA_TYPES = Object.fromEntries(
  Object.entries(actions).flatMap(([name, action]) => (action.mediaType ? [[name, action.mediaType]] : [])),
) as { [A in WithMedia]: (typeof actions)[A]["mediaType"] };
