// The contract cases, read from the spec: one per operation × media type × named example. Adding an
// example to the spec adds a case. Each media type maps to the typed client method that sends it;
// a media type without one fails the suite.
import type { CallOptions, MfaClient } from "../src/index.ts";
import { deref, type Json, namedExamples, operations, spec } from "./spec.ts";

export interface Ids {
  environmentId: string;
  userId: string;
  deviceId: string;
  deviceAuthenticationId: string;
}

type Send = (mfa: MfaClient, body: any, ids: Ids, call: CallOptions, query: Json | undefined) => Promise<unknown>;
const vnd = (name: string) => `application/vnd.pingidentity.${name}+json`;

/** Which client method sends each (operationId, media type); GET and DELETE have no media type. */
export const CLIENT_METHODS: Record<string, Send> = {
  "postUserDevices application/json": (m, body, ids, call) => m.devices.create(ids.userId, body, call),
  [`postUserDevices ${vnd("devices.reorder")}`]: (m, body, ids, call) =>
    m.devices.setOrder(ids.userId, body.order.map((o: { id: string }) => o.id), call),
  [`postUserDevices ${vnd("devices.order.remove")}`]: (m, _, ids, call) => m.devices.removeOrder(ids.userId, call),
  "listUserDevices": (m, _, ids, call, query) => m.devices.list(ids.userId, query, call),
  "getUserDevice": (m, _, ids, call) => m.devices.get(ids.userId, ids.deviceId, call),
  "deleteUserDevice": (m, _, ids, call) => m.devices.delete(ids.userId, ids.deviceId, call),
  [`postUserDeviceAction ${vnd("device.activate")}`]: (m, body, ids, call) => m.devices.activate(ids.userId, ids.deviceId, body, call),
  [`postUserDeviceAction ${vnd("device.block")}`]: (m, _, ids, call) => m.devices.block(ids.userId, ids.deviceId, call),
  [`postUserDeviceAction ${vnd("device.unblock")}`]: (m, _, ids, call) => m.devices.unblock(ids.userId, ids.deviceId, call),
  [`postUserDeviceAction ${vnd("device.unlock")}`]: (m, _, ids, call) => m.devices.unlock(ids.userId, ids.deviceId, call),
  [`postUserDeviceAction ${vnd("device.sendActivationCode")}`]: (m, _, ids, call) =>
    m.devices.resendPairingCode(ids.userId, ids.deviceId, call),
  "updateUserDeviceNickname application/json": (m, body, ids, call) =>
    m.devices.setNickname(ids.userId, ids.deviceId, body.nickname, call),
  "sendUserDeviceLogs application/json": (m, _, ids, call) => m.devices.sendLogs(ids.userId, ids.deviceId, call),
  "createDeviceAuthentication application/json": (m, body, _, call) => m.deviceAuthentications.create(body, call),
  [`createDeviceAuthentication ${vnd("payload.check")}`]: (m, body, _, call) =>
    m.deviceAuthentications.checkRememberedDevice(body, exampleCookie(), call),
  "getDeviceAuthentication": (m, _, ids, call) => m.deviceAuthentications.get(ids.deviceAuthenticationId, call),
  [`postDeviceAuthenticationAction ${vnd("device.select")}`]: (m, body, ids, call) =>
    m.deviceAuthentications.selectDevice(ids.deviceAuthenticationId, body, call),
  [`postDeviceAuthenticationAction ${vnd("otp.check")}`]: (m, body, ids, call) =>
    m.deviceAuthentications.checkOtp(ids.deviceAuthenticationId, body.otp, call),
  [`postDeviceAuthenticationAction ${vnd("assertion.check")}`]: (m, body, ids, call) =>
    m.deviceAuthentications.checkAssertion(ids.deviceAuthenticationId, body, call),
  [`postDeviceAuthenticationAction ${vnd("cancel.push.authentication")}`]: (m, body, ids, call) =>
    m.deviceAuthentications.cancel(ids.deviceAuthenticationId, body.reason, call),
};

export interface ContractCase {
  operationId: string;
  mediaType: string | undefined;
  example: string | undefined;
  request: unknown;
  /** Status the mock is asked for, and the documented body it must come back with. */
  status: number;
  response: unknown;
  /** True when the documented answer is an error: the method must reject with it. */
  error: boolean;
  query: Json | undefined;
  send: Send | undefined;
}

/** The example of the remembered-device `Cookie` header parameter. */
export function exampleCookie(): string {
  return deref(spec.components.parameters.rememberedDeviceCookie).example;
}

/** The path parameter examples of the spec: the IDs every case uses. */
export function exampleIds(): Ids {
  const ids: Partial<Ids> = {};
  for (const { op } of operations()) {
    for (const p of [...(op.parameters ?? []), ...Object.values(spec.paths).flatMap((item: any) => item.parameters ?? [])]) {
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
      cases.push({
        operationId: op.operationId,
        mediaType,
        example,
        request,
        status: answer.status,
        response: answer.example?.value,
        error: answer.status >= 400,
        query: answer.example?.["x-pingone-request-query"],
        send: CLIENT_METHODS[mediaType ? `${op.operationId} ${mediaType}` : op.operationId],
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
