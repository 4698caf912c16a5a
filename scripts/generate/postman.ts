// A Postman collection (format v2.1.0) of the spec, written as
// generated/pingone-mfa.postman_collection.json. PingOne's own API reference is built from a Postman
// collection and its users work there, but importing the spec into Postman gives one request per
// path and method (the first media type only): no check-OTP request at all. This collection has one
// request per action (x-pingone-method), each with its own Content-Type and a body from the spec's
// named examples, and every named example of the action (request and answer) as a saved response.
// Only the token request is not in the spec; it is PingOne's token endpoint, as the client's
// src/tokens/client-credentials.ts calls it.
import { STATUS_CODES } from "node:http";
import { type Action, actionsOf, claims } from "./actions.ts";
import { derefIn } from "./deref.ts";

type Json = Record<string, any>;

const SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
/** The passcode a user received (or a test-mode device's `test.otp`), sent as every `otp` field. */
const OTP = "otp";

interface Variable {
  key: string;
  value: string;
  // The v2.1.0 format knows no secret type; the secrets ship empty and Postman keeps values set locally.
  type: "string";
  description: string;
}

/** A server's URL with its variables at their defaults (the spec defaults `tld` to `com`, North America). */
function serverUrl(server: Json): string {
  return Object.entries((server.variables ?? {}) as Json).reduce(
    (url, [name, variable]) => url.replaceAll(`{${name}}`, variable.default),
    server.url as string,
  );
}

/** `{{name}}` for a Postman variable. */
const ref = (name: string) => `{{${name}}}`;

function url(base: string, path: string, query: Array<{ key: string; value: string; disabled?: boolean }> = []) {
  const segments = path
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/^\{(\w+)\}$/, (_, name) => ref(name)));
  const search = query.filter((q) => !q.disabled).map((q) => `${q.key}=${q.value}`);
  return {
    raw: `${ref(base)}/${segments.join("/")}${search.length > 0 ? `?${search.join("&")}` : ""}`,
    host: [ref(base)],
    path: segments,
    ...(query.length > 0 ? { query } : {}),
  };
}

const script = (lines: string[]) => ({ type: "text/javascript", exec: lines });

/**
 * The example body with the collection's variables in place of the example's ids and passcode, so
 * the request can be sent as it is: `{user: {id}}` → `{{userId}}` (any `{x: {id}}` where `xId` is a
 * path parameter), the ids of an items argument (`deviceIds=body.order[].id`) → one `{{deviceId}}`,
 * and an `otp` field → `{{otp}}`.
 */
function withVariables(action: Action, body: Json, pathParams: Set<string>): Json {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        const id = `${key}Id`;
        if (pathParams.has(id) && inner && typeof inner === "object" && "id" in inner)
          return [key, { ...(walk(inner) as Json), id: ref(id) }];
        return [key, walk(inner)];
      }),
    );
  };
  const filled = walk(body) as Json;
  for (const argument of action.arguments) {
    const single = argument.name.replace(/s$/, "");
    if (argument.from === "items" && pathParams.has(single))
      filled[argument.field] = [{ [argument.item]: ref(single) }];
  }
  if (typeof filled[OTP] === "string") filled[OTP] = ref(OTP);
  return filled;
}

/** The collection, from the bundled spec. */
export function postmanCollection(spec: Json): Json {
  const resolve = derefIn(spec);
  const actions = actionsOf(spec);
  const paths = spec.paths as Json;
  const pathParams = new Map<string, Json>();
  for (const item of Object.values(paths))
    for (const op of [item, ...["get", "put", "post", "delete", "patch"].map((m) => item[m]).filter(Boolean)])
      for (const p of (op.parameters ?? []).map(resolve)) if (p.in === "path") pathParams.set(p.name, p);
  const idNames = new Set(pathParams.keys());
  const bases = {
    api: serverUrl(spec.servers[0]),
    auth: serverUrl(Object.values(paths).find((item: Json) => item.servers)!.servers[0]),
  };
  const tlds = (spec.servers[0].variables?.tld?.enum ?? []).join(", ");

  const item = (action: Action): Json => {
    const op = paths[action.path][action.httpMethod.toLowerCase()];
    const base = action.host === "api" ? "apiBase" : "authBase";
    const all = Object.entries(op.responses as Json);
    const ordered = [...all.filter(([c]) => c.startsWith("2")), ...all.filter(([c]) => !c.startsWith("2"))];
    // A request example is answered by the same-named answer example (a success, or the error PingOne
    // documents for it); an action answered with no body (204) by its success status.
    const answerFor = (name: string | undefined) => {
      for (const [code, response] of ordered) {
        const example = resolve(response).content?.["application/json"]?.examples?.[name ?? ""];
        if (example) return { code: Number(code), example: resolve(example) };
      }
      if (!resolve(op.responses[String(action.status)]).content) return { code: action.status, example: undefined };
      throw new Error(`${action.name} ${name ?? ""}: no answer example`);
    };
    const parameters = [...(paths[action.path].parameters ?? []), ...(op.parameters ?? [])].map(resolve);
    const queryParams = parameters.filter((p: Json) => p.in === "query");
    const query = (given: Json | undefined) =>
      queryParams.map((p: Json) => ({
        key: p.name,
        value: String(given?.[p.name] ?? p.example ?? p.schema?.example ?? ""),
        ...(given?.[p.name] === undefined ? { disabled: true } : {}),
        description: p.description ?? "",
      }));
    const headers = [
      ...(action.mediaType ? [{ key: "Content-Type", value: action.mediaType }] : []),
      ...action.arguments.flatMap((a) =>
        a.from === "header"
          ? [
              {
                key: a.header,
                value: ref(a.name),
                description: parameters.find((p: Json) => p.name === a.header)?.description,
              },
            ]
          : [],
      ),
    ];
    const rawBody = (value: unknown) =>
      value === undefined || action.bodyless
        ? {}
        : { body: { mode: "raw", raw: JSON.stringify(value, null, 2), options: { raw: { language: "json" } } } };
    const request = (body: unknown, given?: Json) => ({
      method: action.httpMethod,
      header: headers,
      ...rawBody(body),
      url: url(base, action.path, query(given)),
    });

    // The action's examples: those of its media type that it sends (several actions may share one),
    // or, for an action without a body, its success answers' examples.
    const media = action.mediaType ? resolve(op.requestBody).content[action.mediaType] : undefined;
    const examples: Array<{
      name: string | undefined;
      summary: string;
      request: unknown;
      code: number;
      answer?: Json | undefined;
    }> = [];
    if (media) {
      for (const [name, ex] of Object.entries((media.examples ?? {}) as Json)) {
        const value = resolve(ex).value;
        if (!claims(action, value)) continue;
        const answer = answerFor(name);
        examples.push({
          name,
          summary: resolve(ex).summary ?? name,
          request: value,
          code: answer.code,
          answer: answer.example,
        });
      }
    } else {
      const success = resolve(op.responses[String(action.status)]).content?.["application/json"]?.examples ?? {};
      for (const [name, ex] of Object.entries(success as Json))
        examples.push({
          name,
          summary: resolve(ex).summary ?? name,
          request: undefined,
          code: action.status,
          answer: resolve(ex),
        });
    }
    if (examples.length === 0) {
      const answer = answerFor(undefined);
      examples.push({ name: undefined, summary: STATUS_CODES[answer.code]!, request: undefined, code: answer.code });
    }
    // The request sends its first example answered with a success, a test-mode one first: sent to a
    // real environment as it is, it delivers nothing (PingOne returns the passcode in test.otp).
    const sendable = examples.filter((e) => e.code < 300);
    const chosen = sendable.find((e) => (e.request as Json | undefined)?.testMode === true) ?? sendable[0];
    if (!chosen) throw new Error(`${action.name}: no example answered with a success`);
    const saved = [chosen, ...examples.filter((e) => e !== chosen)].map((e) => ({
      name: e.name ? `${e.name}: ${e.summary}` : e.summary,
      originalRequest: request(e.request, e.answer?.["x-pingone-request-query"]),
      status: STATUS_CODES[e.code],
      code: e.code,
      _postman_previewlanguage: e.answer ? "json" : "text",
      header: e.answer ? [{ key: "Content-Type", value: "application/json" }] : [],
      cookie: [],
      body: e.answer ? JSON.stringify(e.answer.value, null, 2) : "",
    }));

    // Scripts: the success status, and the variables the answer fills for the next requests.
    const tests = [
      `pm.test(${JSON.stringify(`${action.name} answers ${action.status}`)}, function () {`,
      `  pm.response.to.have.status(${action.status});`,
      "});",
    ];
    const created = Object.keys(paths)
      .map((p) => new RegExp(`^${action.path.replace(/[{}]/g, "\\$&")}/\\{(\\w+)\\}$`).exec(p)?.[1])
      .find(Boolean);
    if (created && action.status === 201)
      tests.push(
        `if (pm.response.code === 201) pm.collectionVariables.set(${JSON.stringify(created)}, pm.response.json().id);`,
      );
    for (const r of action.returns ?? [])
      if (r.from === "header")
        tests.push(
          `// ${r.header} is a secret: kept in the variable, never logged. A browser sends its name=value pair back.`,
          `var ${r.name} = pm.response.headers.get(${JSON.stringify(r.header)});`,
          `if (${r.name}) pm.collectionVariables.set(${JSON.stringify(r.name)}, ${r.name}.split(";")[0]);`,
        );
    const body = chosen.request === undefined ? undefined : withVariables(action, chosen.request as Json, idNames);
    return {
      id: action.name,
      name: action.name,
      request: {
        ...request(body),
        description: `${action.summary}\n\n\`${action.httpMethod} ${action.path}\`${action.mediaType ? ` (\`${action.mediaType}\`)` : ""} → ${action.status}. Operation \`${action.operationId}\`; the saved responses are the spec's named examples.`,
      },
      response: saved,
      event: [{ listen: "test", script: script(tests) }],
    };
  };

  const tokenItem = {
    id: "token",
    name: "Get an access token (client credentials)",
    event: [
      {
        listen: "test",
        script: script([
          'pm.test("token answers 200", function () {',
          "  pm.response.to.have.status(200);",
          "});",
          'if (pm.response.code === 200) pm.collectionVariables.set("accessToken", pm.response.json().access_token);',
        ]),
      },
    ],
    request: {
      // PingOne's token endpoint ("Token (client_credentials)" in its Platform API reference): a
      // worker application's id and secret by HTTP Basic (client_secret_basic, its default). Postman
      // joins them without form-encoding them first (RFC 6749 §2.3.1): the same header for a UUID
      // client id and a secret of letters, digits and -._~ (any other: set it form-encoded).
      auth: {
        type: "basic",
        basic: [
          { key: "username", value: ref("clientId"), type: "string" },
          { key: "password", value: ref("clientSecret"), type: "string" },
        ],
      },
      method: "POST",
      header: [{ key: "Content-Type", value: "application/x-www-form-urlencoded" }],
      body: { mode: "urlencoded", urlencoded: [{ key: "grant_type", value: "client_credentials", type: "text" }] },
      url: url("authBase", "/{environmentId}/as/token"),
      description:
        "A worker application's token (client credentials, `client_secret_basic`). Its test script stores `access_token` in the collection variable `accessToken`, which every other request sends as its bearer token.",
    },
    response: [],
  };

  // One folder per tag, in the order of their first action (devices before their authentications).
  const tagOf = (a: Action) => paths[a.path][a.httpMethod.toLowerCase()].tags?.[0];
  const tags = [...new Set(actions.map(tagOf))].map((name) => (spec.tags as Json[]).find((t) => t.name === name)!);
  const folders = tags.map((tag) => ({
    name: tag.name,
    description: tag.description,
    item: actions.filter((a) => tagOf(a) === tag.name).map(item),
  }));
  const placed = folders.reduce((n, f) => n + f.item.length, 0);
  if (placed !== actions.length) throw new Error(`postman: ${actions.length - placed} actions have no tag`);

  const described = (name: string) => resolve(pathParams.get(name) ?? {}).description ?? "";
  const variables: Variable[] = [
    {
      key: "apiBase",
      value: bases.api,
      type: "string",
      description: `Devices' host of the environment's region (North America by default). Top-level domains: ${tlds}.`,
    },
    {
      key: "authBase",
      value: bases.auth,
      type: "string",
      description: "deviceAuthentications' and the token endpoint's host, in the same region as apiBase.",
    },
    ...[...idNames].map((key) => ({
      key,
      value: "",
      type: "string" as const,
      description:
        `${described(key)}${key === "environmentId" || key === "userId" ? "" : " Set by the create request's test script."}`.trim(),
    })),
    { key: "accessToken", value: "", type: "string", description: "Set by the token request's test script." },
    { key: "clientId", value: "", type: "string", description: "A worker application's client id." },
    { key: "clientSecret", value: "", type: "string", description: "The worker application's client secret." },
    {
      key: OTP,
      value: "",
      type: "string",
      description:
        "The passcode the user received; a test-mode device's test.otp is stored here by the collection's script.",
    },
    // A value one action returns in a header and another sends in one (the remembered browser's cookie).
    ...actions.flatMap((a) =>
      (a.returns ?? []).flatMap((r) => {
        if (r.from !== "header") return [];
        const sent = actions.flatMap((s) =>
          s.arguments.flatMap((x) =>
            x.from === "header" && x.name === r.name ? [`; ${s.name} sends it as ${x.header}`] : [],
          ),
        );
        return [
          {
            key: r.name,
            value: "",
            type: "string" as const,
            description: `Set by ${a.name} from its ${r.header} answer header (the name=value pair)${sent.join("")}.`,
          },
        ];
      }),
    ),
  ];

  return {
    info: {
      name: spec.info.title,
      description: `${spec.info.summary} Generated from the spec (generated/openapi.json) by scripts/generate/postman.ts: one request per action, each with its own Content-Type. Set environmentId, userId, clientId and clientSecret (and apiBase, authBase outside North America), send the token request, then the others.`,
      version: spec.info.version,
      schema: SCHEMA,
    },
    auth: { type: "bearer", bearer: [{ key: "token", value: ref("accessToken"), type: "string" }] },
    event: [
      {
        listen: "test",
        script: script([
          "// A test-mode device's passcode comes back in test.otp (PingOne's SMS testing page): keep it for the next otp.",
          "var answer = {};",
          "try { answer = pm.response.json(); } catch (e) {}",
          `if (answer && answer.test && typeof answer.test.otp === "string") pm.collectionVariables.set(${JSON.stringify(OTP)}, answer.test.otp);`,
        ]),
      },
    ],
    variable: variables,
    item: [tokenItem, ...folders],
  };
}

/** The JSON text of generated/pingone-mfa.postman_collection.json. */
export function postmanSource(spec: Json): string {
  return `${JSON.stringify(postmanCollection(spec), null, 2)}\n`;
}
