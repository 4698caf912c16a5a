// A small stateful stand-in for PingOne's two hosts, on loopback, for proving the proxy plumbing in
// CI (no real environment is reachable there). It knows only what the live walk does, plus one
// deliberately wrong answer (`GET …/devices/{id}` of an unknown device) to show the proxy flags it.
import { randomInt, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  authorized: boolean;
}

const otp = () => String(randomInt(100000, 1000000));

export async function startFakePingOne() {
  const requests: FakeRequest[] = [];
  const devices = new Map<string, Record<string, any>>();
  const auths = new Map<string, Record<string, any>>();

  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const invalid = (res: ServerResponse, target: string) =>
    reply(res, 400, { id: randomUUID(), code: "INVALID_DATA", message: "Validation failed", details: [{ code: "INVALID_OTP", target, message: "Wrong OTP" }] });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const contentType = req.headers["content-type"];
    requests.push({ method: req.method!, path, contentType, authorized: /^Bearer \S+$/.test(req.headers.authorization ?? "") });
    const parts = path.split("/").filter(Boolean);

    if (parts[0] === "v1" && parts[1] === "environments" && parts[5] !== undefined) {
      const [, , environmentId, , userId, , deviceId] = parts;
      if (req.method === "POST" && !deviceId) {
        const id = randomUUID();
        const device = { id, environment: { id: environmentId }, user: { id: userId }, type: body.type, status: body.status ?? "ACTIVE", phone: body.phone, testMode: body.testMode, test: { otp: otp() }, createdAt: new Date().toISOString() };
        devices.set(id, device);
        return reply(res, 201, device);
      }
      const device = devices.get(deviceId!);
      // Deliberately not PingOne's shape: a device without its type.
      if (!device) return reply(res, 200, { id: deviceId, status: "ACTIVE" });
      if (req.method === "POST" && contentType?.includes("device.activate")) {
        if (body.otp !== device.test.otp) return invalid(res, "otp");
        device.status = "ACTIVE";
        const { test, ...shown } = device;
        return reply(res, 200, shown);
      }
      if (req.method === "DELETE") {
        devices.delete(deviceId!);
        return reply(res, 204);
      }
    }
    if (parts[1] === "deviceAuthentications") {
      const [environmentId, , authId] = parts;
      if (req.method === "POST" && !authId) {
        const id = randomUUID();
        const auth = { id, environment: { id: environmentId }, user: body.user, status: "DEVICE_SELECTION_REQUIRED", _embedded: { devices: [...devices.values()].map((d) => ({ id: d.id, type: d.type, phone: "*******50" })) } };
        auths.set(id, auth);
        return reply(res, 201, auth);
      }
      const auth = auths.get(authId!)!;
      if (contentType?.includes("device.select")) {
        const href = `http://${req.headers.host}${path}`;
        Object.assign(auth, { status: "OTP_REQUIRED", selectedDevice: { id: body.device.id }, test: { otp: otp() }, _links: { self: { href }, "otp.check": { href } } });
        return reply(res, 200, auth);
      }
      if (contentType?.includes("otp.check")) {
        if (body.otp !== auth.test.otp) return invalid(res, "otp");
        const { test, _embedded, ...rest } = auth;
        return reply(res, 200, { ...rest, status: "COMPLETED" });
      }
    }
    reply(res, 404, { id: randomUUID(), code: "NOT_FOUND", message: "Not found" });
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => reply(res, 500, { code: "UNEXPECTED_ERROR", message: "fake failed" })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    devices,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
