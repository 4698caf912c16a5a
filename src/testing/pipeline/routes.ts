// Routing as PingOne routes, from the generated action table (no spec parsing at start-up): device
// paths live under /v1 on the api host, deviceAuthentications and the token endpoint on the auth
// host at the root. A route is a path template and method; its actions differ by media type and,
// where they share one, by the body (`devices.remember` is the BROWSER create).
import { actionOperations, actions } from "../../../generated/actions.js";
import type { ActionName } from "../../client/context.js";
import { sendsBody } from "../../validation/media-types.js";

const API_PREFIX = "/v1";

/** One operation of the spec: a method on a path template, and the actions it carries. */
export interface Route {
  httpMethod: string;
  template: string;
  /** The template's segments: a name in braces is a parameter. */
  segments: string[];
  /** Each segment's parameter name (without braces), or undefined for a literal segment. */
  names: Array<string | undefined>;
  host: "api" | "auth";
  /** The request media types it accepts (none for GET and DELETE). */
  mediaTypes: string[];
  actions: ActionName[];
  /** The actions by request media type (null for none), in the table's order. */
  byMediaType: Map<string | null, ActionName[]>;
}

const routes: Route[] = [];
for (const [name, action] of Object.entries(actions) as Array<[ActionName, (typeof actions)[ActionName]]>) {
  let route = routes.find((r) => r.httpMethod === action.httpMethod && r.template === action.path);
  if (!route) {
    const segments = action.path.split("/");
    routes.push(
      (route = {
        httpMethod: action.httpMethod,
        template: action.path,
        segments,
        names: segments.map((segment) => (segment.startsWith("{") ? segment.slice(1, -1) : undefined)),
        host: action.host,
        mediaTypes: [],
        actions: [],
        byMediaType: new Map(),
      }),
    );
  }
  route.actions.push(name);
  const sameMediaType = route.byMediaType.get(action.mediaType);
  if (sameMediaType) sameMediaType.push(name);
  else route.byMediaType.set(action.mediaType, [name]);
  if (action.mediaType && !route.mediaTypes.includes(action.mediaType)) route.mediaTypes.push(action.mediaType);
}

/** A request matched to a route: the route, and the path parameters, decoded. */
export interface Routed {
  route: Route;
  params: Record<string, string>;
}

/** The path a route template is matched against: api paths lose /v1; undefined when on no host. */
const hostPath = (host: Route["host"], pathname: string) =>
  host === "auth" ? pathname : pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : undefined;

function match(route: Route, values: string[]): Record<string, string> | undefined {
  const { segments, names } = route;
  if (segments.length !== values.length) return undefined;
  for (let i = 0; i < segments.length; i++)
    if (names[i] === undefined ? segments[i] !== values[i] : values[i] === "") return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === undefined) continue;
    const value = values[i]!;
    if (!value.includes("%")) {
      params[name] = value;
      continue;
    }
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      params[name] = value; // a malformed escape names nothing that exists
    }
  }
  return params;
}

// The routes by host and segment count, each list in the table's order: a path is matched only
// against templates as long as it is (routing was a few % of the mock's CPU under load).
type Listed = { route: Route; order: number };
const routesBy: Record<Route["host"], Listed[][]> = { api: [], auth: [] };
routes.forEach((route, order) => {
  const lists = routesBy[route.host];
  (lists[route.segments.length] ??= []).push({ route, order });
});
const NONE: readonly Listed[] = [];

/** The route for `method` and `pathname`; "method" when only the method is wrong; undefined when no path matches. */
export function findRoute(method: string, pathname: string): Routed | "method" | undefined {
  const auth = pathname.split("/");
  // On the api host, the same segments without /v1's.
  let api: string[] | undefined;
  if (hostPath("api", pathname) !== undefined) {
    api = auth.slice(1);
    api[0] = "";
  }
  const onApi = (api && routesBy.api[api.length]) || NONE;
  const onAuth = routesBy.auth[auth.length] ?? NONE;
  let pathFound = false;
  // Both lists merged in the table's order: the first route that matches path and method wins.
  for (let a = 0, b = 0; a < onApi.length || b < onAuth.length; ) {
    const fromApi = b >= onAuth.length || (a < onApi.length && onApi[a]!.order < onAuth[b]!.order);
    const { route } = fromApi ? onApi[a++]! : onAuth[b++]!;
    const params = match(route, fromApi ? api! : auth);
    if (!params) continue;
    if (route.httpMethod === method) return { route, params };
    pathFound = true;
  }
  return pathFound ? "method" : undefined;
}

/** The methods the spec has on a path, for a 405's Allow header. */
export const allowedMethods = (pathname: string) =>
  ["GET", "POST", "PUT", "DELETE"].filter((m) => typeof findRoute(m, pathname) === "object").join(", ");

/** Which action a request is: by media type, then by the body where actions share one. */
export function actionOf(route: Route, mediaType: string | null, body: unknown): ActionName | undefined {
  const candidates = route.byMediaType.get(mediaType);
  if (candidates === undefined) return undefined;
  if (candidates.length === 1) return candidates[0];
  return candidates.find((name) => sendsBody(name, body)) ?? candidates[0];
}

/** Whether an action's request carries a body (bodyless actions send only their media type). */
export const expectsBody = (action: ActionName) =>
  actions[action].mediaType !== null && !actionOperations[action].bodyless;
