// The client method names in the bundle's operation descriptions. Users know an action by its
// method (`checkOtp`), the spec by its operation (one per path and HTTP method, several actions
// each, told apart by Content-Type). Redoc's search indexes an operation's title, path, parameters
// and description text, never its `x-` fields or code samples, so the names go into the description,
// read from `x-pingone-method` (through actionsOf): nothing here is typed by hand. Renderers and
// generators that show descriptions (Scalar, Swagger UI, generated doc comments) show them too.
import { actionsOf } from "./actions.ts";

type Json = Record<string, any>;

/** The heading of the added block; a second run finds it and writes the block again, not twice. */
export const METHODS_HEADING = "Client methods (`pingone-mfa`):";

/** The markdown listing the client methods an operation serves, one line each with its media type. */
export function methodsBlock(actions: ReturnType<typeof actionsOf>): string {
  const lines = actions.map((a) => `- \`mfa.${a.name}()\`${a.mediaType ? `: \`Content-Type: ${a.mediaType}\`` : ""}`);
  return `${METHODS_HEADING}\n\n${lines.join("\n")}\n`;
}

/** The bundle with each operation's description ending in its client methods. */
export function withMethodNames(spec: Json): Json {
  const byOperation = new Map<Json, ReturnType<typeof actionsOf>>();
  for (const action of actionsOf(spec)) {
    const operation = spec.paths[action.path][action.httpMethod.toLowerCase()];
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), action]);
  }
  for (const [operation, actions] of byOperation) {
    const own = String(operation.description ?? "")
      .split(`\n\n${METHODS_HEADING}`)[0]!
      .trimEnd();
    operation.description = `${own}\n\n${methodsBlock(actions)}`;
  }
  return spec;
}
