// The contract cases, read from the spec: one per operation × media type × named example. Adding an
// example to the spec adds a case. Each media type names the client method that sends it
// (x-pingone-method), and how the example's values become that method's arguments.
import { actionOperations, actions } from "../../generated/actions.js";
import type { CallOptions, MfaClient } from "../index.js";
import { sendsBody } from "../validation/media-types.js";
import { deref, type Json, namedExamples, operations, spec } from "./spec.js";

export interface Ids {
  environmentId: string;
  userId: string;
  deviceId: string;
  deviceAuthenticationId: string;
}

type Send = (mfa: MfaClient, body: any, ids: Ids, call: CallOptions, query: Json | undefined) => Promise<unknown>;
type Source = (typeof actions)[keyof typeof actions]["arguments"][number];

/** The action a request (operation, media type and body) is, from the spec's `x-pingone-method`. */
export function actionOf(operationId: string, mediaType: string | undefined, body?: unknown) {
  return Object.entries(actions).find(
    ([name, a]) =>
      actionOperations[name as keyof typeof actions].operationId === operationId &&
      (a.mediaType ?? undefined) === mediaType &&
      sendsBody(name as keyof typeof actions, body),
  )?.[0];
}

/** Calls the action's client method with the example's values in the order its arguments declare. */
function sender(name: string): Send {
  const action = actions[name as keyof typeof actions];
  const [resource, method] = name.split(".") as [keyof MfaClient, string];
  return (mfa, body, ids, call, query) => {
    const args = (action.arguments as readonly Source[]).map((source) => {
      switch (source.from) {
        case "path":
          return ids[source.name as keyof Ids];
        case "body":
          return body;
        case "field":
          return body[source.field];
        case "items":
          return body[source.field].map((item: Json) => item[source.item]);
        case "header":
          return exampleHeader(source.header);
        case "query":
          return query;
      }
    });
    return (mfa[resource] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args, call);
  };
}

/** The example of a header parameter (the remembered-device `Cookie`). */
export function exampleHeader(name: string): string {
  const parameter = Object.values(spec.components.parameters as Json).find(
    (p: Json) => p.in === "header" && p.name === name,
  );
  return parameter.example;
}

export interface ContractCase {
  operationId: string;
  mediaType: string | undefined;
  example: string | undefined;
  request: unknown;
  /** Status the mock is asked for, and the documented body it must come back with. */
  status: number;
  response: unknown;
  /** The documented example of each header the method hands back (`Set-Cookie` of `devices.remember`). */
  headers: Record<string, string>;
  /** True when the documented answer is an error: the method must reject with it. */
  error: boolean;
  query: Json | undefined;
  /** The client method sending it (`devices.create`), from x-pingone-method. */
  action: string | undefined;
  send: Send | undefined;
}

/** The path parameter examples of the spec: the IDs every case uses. */
export function exampleIds(): Ids {
  const ids: Partial<Ids> = {};
  for (const { op } of operations()) {
    for (const p of [
      ...(op.parameters ?? []),
      ...Object.values(spec.paths).flatMap((item: any) => item.parameters ?? []),
    ]) {
      const param = deref(p);
      if (param.in === "path") ids[param.name as keyof Ids] = param.example;
    }
  }
  return ids as Ids;
}

export function contractCases(): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const { op } of operations()) {
    const all = Object.entries(op.responses as Json);
    const responses = all.filter(([code]) => code.startsWith("2"));
    // A request example is answered by the same-named example of a success response, or of the
    // error PingOne documents for it (for example the OATH resync 400).
    const responseFor = (name: string | undefined) => {
      for (const [code, response] of [...responses, ...all.filter(([c]) => !c.startsWith("2"))]) {
        const media = deref(response).content?.["application/json"];
        if (name && media?.examples?.[name]) return { status: Number(code), example: deref(media.examples[name]) };
      }
      const empty = responses.find(([, r]) => !deref(r).content);
      return empty ? { status: Number(empty[0]), example: undefined } : undefined;
    };
    const add = (mediaType: string | undefined, example: string | undefined, request: unknown) => {
      const answer = responseFor(example);
      if (!answer) throw new Error(`${op.operationId} ${mediaType} ${example}: no response to answer it`);
      const action = actionOf(op.operationId, mediaType, request);
      const declared = Object.entries(deref(op.responses[String(answer.status)] ?? {}).headers ?? {}) as Array<
        [string, Json]
      >;
      const headers = Object.fromEntries(
        declared
          .map(([name, header]) => [name, deref(header).example])
          .filter(([, value]) => typeof value === "string"),
      );
      cases.push({
        operationId: op.operationId,
        mediaType,
        example,
        request,
        status: answer.status,
        response: answer.example?.value,
        error: answer.status >= 400,
        headers,
        query: answer.example?.["x-pingone-request-query"],
        action,
        send: action ? sender(action) : undefined,
      });
    };
    const content = deref(op.requestBody ?? {}).content as Json | undefined;
    if (content) {
      for (const [mediaType, media] of Object.entries(content)) {
        for (const [name, value] of Object.entries(namedExamples(media))) add(mediaType, name, value);
      }
    } else {
      for (const [, response] of responses) {
        const examples = deref(response).content?.["application/json"]?.examples;
        for (const name of Object.keys(examples ?? {})) add(undefined, name, undefined);
        if (!examples) add(undefined, undefined, undefined);
      }
    }
  }
  return cases;
}
