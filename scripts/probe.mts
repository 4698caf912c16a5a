import { createServer } from "node:http";
import createClient from "openapi-fetch";
import { createMfaClient } from "../src/index.ts";
import { OutgoingRequest } from "../src/transport.ts";
const server = createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(201, { "content-type": "application/json" }); res.end('{"id":"x","type":"SMS","status":"ACTIVE","phone":"+1.5125201234"}'); }); });
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as any).port}`;
const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6", USER = "8ce55f02-2077-4493-9a6d-0385df1f0772";
const url = `${base}/v1/environments/${ENV}/users/${USER}/devices`;
const abortFetch = (async (r: any) => { const c = new AbortController(); const t = setTimeout(() => c.abort(), 30000); try { return await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, signal: c.signal }); } finally { clearTimeout(t); } }) as any;
const lightAbort = createClient<any>({ baseUrl: `${base}/v1`, Request: OutgoingRequest as any, fetch: abortFetch });
const mfa = createMfaClient({ environmentId: ENV, accessToken: "t", apiBaseUrl: `${base}/v1`, authBaseUrl: base });
const body = { type: "SMS", phone: "+15125201234", policy: { id: "5a0a0950-8a81-4739-b12a-f4d6a11c7a82" } };
const P = "/environments/{environmentId}/users/{userId}/devices";
const variants: Record<string, () => Promise<unknown>> = {
  "hand fetch": async () => (await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer t" }, body: JSON.stringify(body) })).json(),
  "light+abort json": async () => (await lightAbort.POST(P, { params: { path: { environmentId: ENV, userId: USER } }, body, headers: { Authorization: "Bearer t" } })).data,
  "typed client": () => mfa.devices.create(USER, body as any),
  "typed documented spelling": () => mfa.devices.create(USER, { ...body, phone: "+1.5125201234" } as any),
};
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
for (const f of Object.values(variants)) for (let i = 0; i < 500; i++) await f();
const ratios: Record<string, number[]> = {};
for (let r = 0; r < 16; r++) { const m: Record<string, number> = {}; const names = Object.keys(variants); for (let k = 0; k < names.length; k++) { const n = names[(k + r) % names.length]!; const t = performance.now(); for (let i = 0; i < 200; i++) await variants[n]!(); m[n] = (performance.now() - t) / 200; } for (const n of names) (ratios[n] ??= []).push(m[n]! / m["hand fetch"]!); }
for (const [n, t] of Object.entries(ratios)) console.log(n.padEnd(32), med(t).toFixed(2) + "×");
server.close(); server.closeAllConnections();
