// Generated from openapi/ (x-pingone-method) by scripts/spec-build.ts (npm run generate). Do not edit.
import type { operations } from "./schema.js";

/** Each client method's request: HTTP method, path, host, media type, success status, arguments. */
export const actions = {
  "devices.list": {
    httpMethod: "GET",
    path: "/environments/{environmentId}/users/{userId}/devices",
    host: "api",
    mediaType: null,
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "query", from: "query" },
    ],
    fixed: {},
  },
  "devices.create": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices",
    host: "api",
    mediaType: "application/json",
    status: 201,
    arguments: [
      { name: "userId", from: "path" },
      { name: "device", from: "body" },
    ],
    fixed: {},
    select: { property: "type", except: ["BROWSER"] },
  },
  "devices.remember": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices",
    host: "api",
    mediaType: "application/json",
    status: 201,
    arguments: [
      { name: "userId", from: "path" },
      { name: "device", from: "body" },
    ],
    fixed: {},
    select: { property: "type", only: "BROWSER" },
    returns: [
      { name: "device", from: "body" },
      { name: "cookie", from: "header", header: "Set-Cookie", secret: true },
    ],
  },
  "devices.setOrder": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices",
    host: "api",
    mediaType: "application/vnd.pingidentity.devices.reorder+json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceIds", from: "items", field: "order", item: "id" },
    ],
    fixed: {},
  },
  "devices.removeOrder": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices",
    host: "api",
    mediaType: "application/vnd.pingidentity.devices.order.remove+json",
    status: 204,
    arguments: [{ name: "userId", from: "path" }],
    fixed: {},
  },
  "devices.get": {
    httpMethod: "GET",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: null,
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: {},
  },
  "devices.activate": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: "application/vnd.pingidentity.device.activate+json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
      { name: "activation", from: "body" },
    ],
    fixed: {},
  },
  "devices.block": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: "application/vnd.pingidentity.device.block+json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: {},
  },
  "devices.unblock": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: "application/vnd.pingidentity.device.unblock+json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: {},
  },
  "devices.unlock": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: "application/vnd.pingidentity.device.unlock+json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: {},
  },
  "devices.resendPairingCode": {
    httpMethod: "POST",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: "application/vnd.pingidentity.device.sendActivationCode+json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: {},
  },
  "devices.delete": {
    httpMethod: "DELETE",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}",
    host: "api",
    mediaType: null,
    status: 204,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: {},
  },
  "devices.setNickname": {
    httpMethod: "PUT",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}/nickname",
    host: "api",
    mediaType: "application/json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
      { name: "nickname", from: "field", field: "nickname" },
    ],
    fixed: {},
  },
  "devices.sendLogs": {
    httpMethod: "PUT",
    path: "/environments/{environmentId}/users/{userId}/devices/{deviceId}/logs",
    host: "api",
    mediaType: "application/json",
    status: 200,
    arguments: [
      { name: "userId", from: "path" },
      { name: "deviceId", from: "path" },
    ],
    fixed: { status: "PENDING" },
  },
  "deviceAuthentications.create": {
    httpMethod: "POST",
    path: "/{environmentId}/deviceAuthentications",
    host: "auth",
    mediaType: "application/json",
    status: 201,
    arguments: [{ name: "deviceAuthentication", from: "body" }],
    fixed: {},
  },
  "deviceAuthentications.checkRememberedDevice": {
    httpMethod: "POST",
    path: "/{environmentId}/deviceAuthentications",
    host: "auth",
    mediaType: "application/vnd.pingidentity.payload.check+json",
    status: 200,
    arguments: [
      { name: "check", from: "body" },
      { name: "cookie", from: "header", header: "Cookie" },
    ],
    fixed: {},
  },
  "deviceAuthentications.get": {
    httpMethod: "GET",
    path: "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}",
    host: "auth",
    mediaType: null,
    status: 200,
    arguments: [{ name: "deviceAuthenticationId", from: "path" }],
    fixed: {},
  },
  "deviceAuthentications.selectDevice": {
    httpMethod: "POST",
    path: "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}",
    host: "auth",
    mediaType: "application/vnd.pingidentity.device.select+json",
    status: 200,
    arguments: [
      { name: "deviceAuthenticationId", from: "path" },
      { name: "selection", from: "body" },
    ],
    fixed: {},
  },
  "deviceAuthentications.checkOtp": {
    httpMethod: "POST",
    path: "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}",
    host: "auth",
    mediaType: "application/vnd.pingidentity.otp.check+json",
    status: 200,
    arguments: [
      { name: "deviceAuthenticationId", from: "path" },
      { name: "otp", from: "field", field: "otp" },
    ],
    fixed: {},
  },
  "deviceAuthentications.checkAssertion": {
    httpMethod: "POST",
    path: "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}",
    host: "auth",
    mediaType: "application/vnd.pingidentity.assertion.check+json",
    status: 200,
    arguments: [
      { name: "deviceAuthenticationId", from: "path" },
      { name: "assertion", from: "body" },
    ],
    fixed: {},
  },
  "deviceAuthentications.cancel": {
    httpMethod: "POST",
    path: "/{environmentId}/deviceAuthentications/{deviceAuthenticationId}",
    host: "auth",
    mediaType: "application/vnd.pingidentity.cancel.push.authentication+json",
    status: 200,
    arguments: [
      { name: "deviceAuthenticationId", from: "path" },
      { name: "reason", from: "field", field: "reason" },
    ],
    fixed: {},
  },
} as const;

/** The operation of each action, and whether it sends no body (for the tests and the contract cases). */
export const actionOperations = {
  "devices.list": { operationId: "listUserDevices", bodyless: false },
  "devices.create": { operationId: "postUserDevices", bodyless: false },
  "devices.remember": { operationId: "postUserDevices", bodyless: false },
  "devices.setOrder": { operationId: "postUserDevices", bodyless: false },
  "devices.removeOrder": { operationId: "postUserDevices", bodyless: true },
  "devices.get": { operationId: "getUserDevice", bodyless: false },
  "devices.activate": { operationId: "postUserDeviceAction", bodyless: false },
  "devices.block": { operationId: "postUserDeviceAction", bodyless: true },
  "devices.unblock": { operationId: "postUserDeviceAction", bodyless: true },
  "devices.unlock": { operationId: "postUserDeviceAction", bodyless: true },
  "devices.resendPairingCode": { operationId: "postUserDeviceAction", bodyless: true },
  "devices.delete": { operationId: "deleteUserDevice", bodyless: false },
  "devices.setNickname": { operationId: "updateUserDeviceNickname", bodyless: false },
  "devices.sendLogs": { operationId: "sendUserDeviceLogs", bodyless: false },
  "deviceAuthentications.create": { operationId: "createDeviceAuthentication", bodyless: false },
  "deviceAuthentications.checkRememberedDevice": { operationId: "createDeviceAuthentication", bodyless: false },
  "deviceAuthentications.get": { operationId: "getDeviceAuthentication", bodyless: false },
  "deviceAuthentications.selectDevice": { operationId: "postDeviceAuthenticationAction", bodyless: false },
  "deviceAuthentications.checkOtp": { operationId: "postDeviceAuthenticationAction", bodyless: false },
  "deviceAuthentications.checkAssertion": { operationId: "postDeviceAuthenticationAction", bodyless: false },
  "deviceAuthentications.cancel": { operationId: "postDeviceAuthenticationAction", bodyless: false },
} as const;

/** The calls each deviceAuthentication status allows (`x-pingone-next` on the status's schema). */
export const nextCalls = {
  DEVICE_SELECTION_REQUIRED: ["deviceAuthentications.selectDevice", "deviceAuthentications.get"],
  OTP_REQUIRED: ["deviceAuthentications.checkOtp", "deviceAuthentications.selectDevice", "deviceAuthentications.get"],
  ASSERTION_REQUIRED: ["deviceAuthentications.checkAssertion", "deviceAuthentications.get"],
  PUSH_CONFIRMATION_REQUIRED: ["deviceAuthentications.get", "deviceAuthentications.cancel"],
  PUSH_CONFIRMATION_TIMED_OUT: ["deviceAuthentications.selectDevice", "deviceAuthentications.get"],
  COMPLETED: ["deviceAuthentications.get"],
  FAILED: ["deviceAuthentications.get"],
} as const;

/** The types of each action's path parameters, query, headers, body and success result. */
export interface ActionTypes {
  "devices.list": {
    path: Omit<operations["listUserDevices"]["parameters"]["path"], "environmentId">;
    query: NonNullable<operations["listUserDevices"]["parameters"]["query"]>;
    headers: never;
    body: never;
    result: operations["listUserDevices"]["responses"][200]["content"]["application/json"];
  };
  "devices.create": {
    path: Omit<operations["postUserDevices"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: Exclude<
      NonNullable<operations["postUserDevices"]["requestBody"]>["content"]["application/json"],
      { type: "BROWSER" }
    >;
    result: operations["postUserDevices"]["responses"][201]["content"]["application/json"];
  };
  "devices.remember": {
    path: Omit<operations["postUserDevices"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: Extract<
      NonNullable<operations["postUserDevices"]["requestBody"]>["content"]["application/json"],
      { type: "BROWSER" }
    >;
    result: { device: operations["postUserDevices"]["responses"][201]["content"]["application/json"]; cookie: string };
  };
  "devices.setOrder": {
    path: Omit<operations["postUserDevices"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<
      operations["postUserDevices"]["requestBody"]
    >["content"]["application/vnd.pingidentity.devices.reorder+json"];
    result: operations["postUserDevices"]["responses"][200]["content"]["application/json"];
  };
  "devices.removeOrder": {
    path: Omit<operations["postUserDevices"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: void;
  };
  "devices.get": {
    path: Omit<operations["getUserDevice"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: operations["getUserDevice"]["responses"][200]["content"]["application/json"];
  };
  "devices.activate": {
    path: Omit<operations["postUserDeviceAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<
      operations["postUserDeviceAction"]["requestBody"]
    >["content"]["application/vnd.pingidentity.device.activate+json"];
    result: operations["postUserDeviceAction"]["responses"][200]["content"]["application/json"];
  };
  "devices.block": {
    path: Omit<operations["postUserDeviceAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: operations["postUserDeviceAction"]["responses"][200]["content"]["application/json"];
  };
  "devices.unblock": {
    path: Omit<operations["postUserDeviceAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: operations["postUserDeviceAction"]["responses"][200]["content"]["application/json"];
  };
  "devices.unlock": {
    path: Omit<operations["postUserDeviceAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: operations["postUserDeviceAction"]["responses"][200]["content"]["application/json"];
  };
  "devices.resendPairingCode": {
    path: Omit<operations["postUserDeviceAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: operations["postUserDeviceAction"]["responses"][200]["content"]["application/json"];
  };
  "devices.delete": {
    path: Omit<operations["deleteUserDevice"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: void;
  };
  "devices.setNickname": {
    path: Omit<operations["updateUserDeviceNickname"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<operations["updateUserDeviceNickname"]["requestBody"]>["content"]["application/json"];
    result: operations["updateUserDeviceNickname"]["responses"][200]["content"]["application/json"];
  };
  "devices.sendLogs": {
    path: Omit<operations["sendUserDeviceLogs"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<operations["sendUserDeviceLogs"]["requestBody"]>["content"]["application/json"];
    result: operations["sendUserDeviceLogs"]["responses"][200]["content"]["application/json"];
  };
  "deviceAuthentications.create": {
    path: Omit<operations["createDeviceAuthentication"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<operations["createDeviceAuthentication"]["requestBody"]>["content"]["application/json"];
    result: operations["createDeviceAuthentication"]["responses"][201]["content"]["application/json"];
  };
  "deviceAuthentications.checkRememberedDevice": {
    path: Omit<operations["createDeviceAuthentication"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: NonNullable<operations["createDeviceAuthentication"]["parameters"]["header"]>;
    body: NonNullable<
      operations["createDeviceAuthentication"]["requestBody"]
    >["content"]["application/vnd.pingidentity.payload.check+json"];
    result: operations["createDeviceAuthentication"]["responses"][200]["content"]["application/json"];
  };
  "deviceAuthentications.get": {
    path: Omit<operations["getDeviceAuthentication"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: never;
    result: operations["getDeviceAuthentication"]["responses"][200]["content"]["application/json"];
  };
  "deviceAuthentications.selectDevice": {
    path: Omit<operations["postDeviceAuthenticationAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<
      operations["postDeviceAuthenticationAction"]["requestBody"]
    >["content"]["application/vnd.pingidentity.device.select+json"];
    result: operations["postDeviceAuthenticationAction"]["responses"][200]["content"]["application/json"];
  };
  "deviceAuthentications.checkOtp": {
    path: Omit<operations["postDeviceAuthenticationAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<
      operations["postDeviceAuthenticationAction"]["requestBody"]
    >["content"]["application/vnd.pingidentity.otp.check+json"];
    result: operations["postDeviceAuthenticationAction"]["responses"][200]["content"]["application/json"];
  };
  "deviceAuthentications.checkAssertion": {
    path: Omit<operations["postDeviceAuthenticationAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<
      operations["postDeviceAuthenticationAction"]["requestBody"]
    >["content"]["application/vnd.pingidentity.assertion.check+json"];
    result: operations["postDeviceAuthenticationAction"]["responses"][200]["content"]["application/json"];
  };
  "deviceAuthentications.cancel": {
    path: Omit<operations["postDeviceAuthenticationAction"]["parameters"]["path"], "environmentId">;
    query: never;
    headers: never;
    body: NonNullable<
      operations["postDeviceAuthenticationAction"]["requestBody"]
    >["content"]["application/vnd.pingidentity.cancel.push.authentication+json"];
    result: operations["postDeviceAuthenticationAction"]["responses"][200]["content"]["application/json"];
  };
}
