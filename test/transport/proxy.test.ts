// Proxies on Node: HTTPS_PROXY / HTTP_PROXY / NO_PROXY and the `proxy` option, for the client's
// calls and for clientCredentials, through a real proxy on loopback (test/support/loopback-proxy.ts)
// that counts the tunnels and requests it saw. HTTPS targets use a self-signed loopback certificate
// handed to the transport's agents; the package layer (test/package/proxy.test.ts) runs the packed
// tarball on Node 20 and 24 with the certificate trusted through NODE_EXTRA_CA_CERTS.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clientCredentials, createMfaClient } from "../../src/index.node.ts";
import {
  createMfaClient as createFetchClient,
  clientCredentials as fetchCredentials,
  PingOneNetworkError,
  PingOneTimeoutError,
  PingOneTokenError,
  PingOneValidationError,
} from "../../src/index.ts";
import { redact } from "../../src/errors/redact.ts";
import { CallSignal } from "../../src/transport/call-signal.ts";
import { nodeExchange } from "../../src/transport/node.ts";
import { parseNoProxy, proxyFor, proxySettings, type ProxySettings } from "../../src/transport/proxy-settings.ts";
import { LOOPBACK_CERT, LOOPBACK_KEY } from "../support/loopback-cert.ts";
import { type LoopbackProxy, startLoopbackProxy } from "../support/loopback-proxy.ts";
import { DEVICE_BODY, ENV, FAST_RETRY, leaks, rejection, TOKEN, USER, views } from "../support/hostile.ts";

const PASSWORD = "pr0xy-S3cret-pässword";
const USERINFO = `alice:${encodeURIComponent(PASSWORD)}`;
/** Every spelling of the proxy password that must stay out of errors. */
const SPELLINGS = [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(`alice:${PASSWORD}`).toString("base64")];
const CLIENT_SECRET = "worker-secret-value-0123";

/** Answers every request: a device for the API paths, a token for the token endpoint. */
const answer = (req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  req.on("end", () => {
    const token = req.url?.endsWith("/as/token");
    res.writeHead(token ? 200 : req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(token ? { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 } : DEVICE_BODY));
  });
};

let plain: Server;
let secure: Server;
let plainBase: string;
let secureBase: string;
const proxies: LoopbackProxy[] = [];
const proxy = async (behaviour?: Parameters<typeof startLoopbackProxy>[0]) => {
  const started = await startLoopbackProxy(behaviour);
  proxies.push(started);
  return started;
};
const withCredentials = (url: string) => url.replace("http://", `http://${USERINFO}@`);

beforeAll(async () => {
  plain = createHttpServer(answer);
  secure = createHttpsServer({ key: LOOPBACK_KEY, cert: LOOPBACK_CERT }, answer);
  await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  secureBase = `https://localhost:${(secure.address() as AddressInfo).port}`;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  for (const server of [plain, secure]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** No proxy variable from the machine running the tests leaks into a case. */
const clearProxyEnv = () => {
  for (const name of ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"])
    vi.stubEnv(name, "");
};

const options = (base: string, extra: Record<string, unknown> = {}) =>
  ({
    environmentId: ENV,
    accessToken: TOKEN,
    apiBaseUrl: `${base}/v1`,
    authBaseUrl: base,
    retry: FAST_RETRY,
    timeoutMs: 60_000,
    ...extra,
  }) as Parameters<typeof createMfaClient>[0];

const expectNoLeak = (error: unknown) => expect(leaks(views(error), SPELLINGS)).toEqual([]);

describe("proxy settings from the environment", () => {
  it("reads nothing when no variable is set, so the direct path stays as it is", () => {
    expect(proxySettings(undefined, {})).toBeUndefined();
    expect(proxySettings(undefined, { HTTPS_PROXY: "  " })).toBeUndefined();
    expect(proxySettings(undefined, { NO_PROXY: "example.com" })).toBeUndefined();
  });

  it("reads HTTPS_PROXY and HTTP_PROXY in either case, lower case first", () => {
    const s = proxySettings(undefined, {
      HTTPS_PROXY: "http://upper.example:1",
      https_proxy: "http://lower.example:2",
      HTTP_PROXY: "http://plain.example:3",
    })!;
    expect(s.https?.shown).toBe("http://lower.example:2");
    expect(s.http?.shown).toBe("http://plain.example:3");
    expect(proxySettings(undefined, { HTTPS_PROXY: "http://upper.example:1" })!.https?.shown).toBe(
      "http://upper.example:1",
    );
  });

  it("reads a value without a scheme as http://, and fills in the scheme's port", () => {
    const s = proxySettings(undefined, { HTTPS_PROXY: "proxy.corp:3128", HTTP_PROXY: "https://tls.corp" })!;
    expect([s.https?.protocol, s.https?.hostname, s.https?.port]).toEqual(["http:", "proxy.corp", 3128]);
    expect([s.http?.protocol, s.http?.port]).toEqual(["https:", 443]);
  });

  it("turns user:password into Proxy-Authorization (percent-decoded, UTF-8) and keeps it out of `shown`", () => {
    const s = proxySettings(undefined, { HTTPS_PROXY: `http://${USERINFO}@proxy.corp:3128` })!;
    expect(s.https?.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`);
    expect(s.https?.shown).toBe("http://proxy.corp:3128");
  });

  it.each([
    ["socks5://proxy.corp:1080", "HTTPS_PROXY"],
    ["http://proxy.corp:3128/path", "HTTPS_PROXY"],
    ["http://proxy.corp:3128/?x=1", "https_proxy"],
    ["http://[bad", "HTTP_PROXY"],
    ["http://proxy corp", "http_proxy"],
  ])("refuses %s with a PingOneValidationError naming the variable", (value, name) => {
    let error: unknown;
    try {
      proxySettings(undefined, { [name]: `${value.replace("://", `://${USERINFO}@`)}` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect((error as PingOneValidationError).field).toBe(name);
    expectNoLeak(error);
  });

  it("lets `proxy: false` ignore the environment and `proxy: url` replace it", () => {
    expect(proxySettings(false, { HTTPS_PROXY: "http://env.example:1" })).toBeUndefined();
    const s = proxySettings("http://option.example:2", { HTTPS_PROXY: "http://env.example:1", NO_PROXY: "a.test" })!;
    expect([s.https?.shown, s.http?.shown]).toEqual(["http://option.example:2", "http://option.example:2"]);
    expect(s.bypass).toEqual([{ host: "a.test", port: undefined }]);
  });
});

describe("NO_PROXY", () => {
  const decide = (noProxy: string, url: string) => {
    const s = proxySettings(undefined, {
      HTTPS_PROXY: "http://p.example:1",
      HTTP_PROXY: "http://p.example:1",
      NO_PROXY: noProxy,
    }) as ProxySettings;
    const target = new URL(url);
    const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
    const host = target.hostname.replace(/^\[|\]$/g, "");
    // The same function the transport routes with.
    return import("../../src/transport/proxy-settings.ts").then(({ proxyFor }) =>
      proxyFor(s, target.protocol, host, port) ? "proxy" : "direct",
    );
  };
  it.each([
    ["*", "https://api.pingone.com/v1", "direct"],
    ["api.pingone.com", "https://api.pingone.com/v1", "direct"],
    ["API.PingOne.com", "https://api.pingone.com/v1", "direct"],
    // A bare domain covers its subdomains (curl, Go's httpproxy, undici's EnvHttpProxyAgent).
    ["pingone.com", "https://api.pingone.com/v1", "direct"],
    ["pingone.com", "https://pingone.com/", "direct"],
    ["pingone.com", "https://evilpingone.com/", "proxy"],
    [".pingone.com", "https://api.pingone.com/v1", "direct"],
    // A leading `.` or `*.` covers the bare domain too (undici, Node 24).
    [".pingone.com", "https://pingone.com/", "direct"],
    ["*.pingone.com", "https://pingone.com/", "direct"],
    [".pingone.com", "https://evilpingone.com/", "proxy"],
    ["*.pingone.com", "https://auth.pingone.com/x", "direct"],
    ["*.pingone.com", "https://notpingone.com/", "proxy"],
    ["*pingone.com", "https://evilpingone.com/", "proxy"],
    // A trailing dot, on the entry or the host, is the same name.
    ["api.pingone.com.", "https://api.pingone.com/v1", "direct"],
    ["api.pingone.com", "https://api.pingone.com./v1", "direct"],
    [".pingone.com", "https://api.pingone.com./v1", "direct"],
    // IPv6 compares in its shortest form; an IP address covers itself only.
    ["0:0:0:0:0:0:0:1", "http://[::1]:8080/", "direct"],
    ["[0:0::1]:8080", "http://[::1]:8080/", "direct"],
    ["[::1]:9999", "http://[::1]:8080/", "proxy"],
    ["0.0.1", "http://10.0.0.1/", "proxy"],
    // CIDR is not read, and names are not resolved.
    ["127.0.0.0/8", "http://127.0.0.1:8080/", "proxy"],
    ["localhost", "http://127.0.0.1:8080/", "proxy"],
    ["api.pingone.com:443", "https://api.pingone.com/v1", "direct"],
    ["api.pingone.com:8443", "https://api.pingone.com/v1", "proxy"],
    ["localhost, 127.0.0.1", "http://127.0.0.1:8080/", "direct"],
    ["other.test,  ,api.pingone.eu", "https://api.pingone.eu/v1", "direct"],
    ["[::1]:8080", "http://[::1]:8080/", "direct"],
    ["::1", "http://[::1]:8080/", "direct"],
    ["example.com", "https://api.pingone.com/v1", "proxy"],
    // Quotes a shell would have removed (docker run --env-file keeps them): dropped.
    ['"localhost,127.0.0.1"', "http://127.0.0.1:8080/", "direct"],
    ['"other.test", "api.pingone.com:443"', "https://api.pingone.com/v1", "direct"],
    ["'.pingone.com'", "https://auth.pingone.com/x", "direct"],
    ['"*"', "https://api.pingone.com/v1", "direct"],
    // An entry's host as `new URL` reads the target's: IPv4 short forms, IDNA.
    ["127.1", "http://127.0.0.1:8080/", "direct"],
    ["0x7f.0.0.1:8080", "http://127.0.0.1:8080/", "direct"],
    ["2130706433", "http://127.0.0.1/", "direct"],
    ["127.1", "http://127.0.0.2/", "proxy"],
    ["bücher.example", "https://xn--bcher-kva.example/", "direct"],
    // Read as a URL, these are more than a host: left as written, they match nothing.
    ["user@127.0.0.1", "http://127.0.0.1/", "proxy"],
    ["evil.test\\127.0.0.1", "http://127.0.0.1/", "proxy"],
  ])("NO_PROXY=%j sends %s %s", async (noProxy, url, expected) => {
    expect(await decide(noProxy, url)).toBe(expected);
  });

  it("reads `*` among other entries as every host", () => expect(parseNoProxy("a.test, *")).toBe(true));

  it("sends an https: target through HTTPS_PROXY only, never HTTP_PROXY (curl's and Go's reading)", () => {
    const s = proxySettings(undefined, { HTTP_PROXY: "http://plain.example:3" })!;
    expect(proxyFor(s, "https:", "api.pingone.com", 443)).toBeUndefined();
    expect(proxyFor(s, "http:", "127.0.0.1", 4010)?.shown).toBe("http://plain.example:3");
  });
});

describe("httpoxy: under CGI the upper-case HTTP_PROXY may be a request's Proxy header", () => {
  it("ignores HTTP_PROXY when REQUEST_METHOD is set, and still reads http_proxy and HTTPS_PROXY", () => {
    expect(proxySettings(undefined, { REQUEST_METHOD: "GET", HTTP_PROXY: "http://evil.example:1" })).toBeUndefined();
    expect(proxySettings(undefined, { HTTP_PROXY: "http://corp.example:1" })?.http?.shown).toBe(
      "http://corp.example:1",
    );
    const cgi = proxySettings(undefined, {
      REQUEST_METHOD: "POST",
      HTTP_PROXY: "http://evil.example:1",
      http_proxy: "http://corp.example:2",
      HTTPS_PROXY: "http://corp.example:3",
    })!;
    expect([cgi.http?.shown, cgi.https?.shown]).toEqual(["http://corp.example:2", "http://corp.example:3"]);
  });
});

describe("the `proxy` option", () => {
  it.each([
    [42, "a number"],
    [true, "true"],
    [{}, "an object"],
    ["ftp://proxy.corp", "another scheme"],
    [`http://${USERINFO}@proxy.corp:3128/path`, "a path"],
    ["not a url", "no URL"],
  ])(
    "refuses %j (%s) at createMfaClient and clientCredentials, naming `proxy`, before any request",
    (value: unknown, _what: string) => {
      for (const make of [
        () => createMfaClient(options(plainBase, { proxy: value })),
        () =>
          clientCredentials({ clientId: "id", clientSecret: CLIENT_SECRET, environmentId: ENV, proxy: value as never }),
      ]) {
        let error: unknown;
        try {
          make();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PingOneValidationError);
        expect((error as PingOneValidationError).field).toBe("proxy");
        expectNoLeak(error);
      }
    },
  );

  it.each([
    ["alice.smith:S3cretPass@proxy.corp:3128", ["alice", "smith", "S3cret"]],
    ["s3cr3tpassw0:x@proxy.corp:3128", ["s3cr3t", "passw0"]],
    ["proxy.corp:3128", ["proxy.corp"]],
  ])("refuses %j (no scheme) without showing any part of it", (value, parts) => {
    let error: unknown;
    try {
      createMfaClient(options(plainBase, { proxy: value }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PingOneValidationError);
    expect((error as Error).message).toContain("the scheme is missing");
    expect(leaks(views(error), parts)).toEqual([]);
  });

  it("names the scheme only when it is written as one (`socks5://`), never the user info", () => {
    expect(() => proxySettings("socks5://alice:S3cretPass@proxy.corp:1080")).toThrow(
      /; socks5:\/\/ proxies are not supported$/,
    );
    for (const value of [
      "socks5://alice:S3cretPass@proxy.corp:1080",
      "http://alice:S3cretPass@proxy.corp:3128/path",
      "http://alice:S3cret%ZZ@proxy.corp:3128",
      "http://alice:S3cret Pass@proxy.corp:3128",
      "http://alice:S3cretPass@[bad",
      "alice:S3cretPass@socks5://proxy.corp",
    ]) {
      let error: unknown;
      try {
        proxySettings(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PingOneValidationError);
      expect(leaks(views(error), ["alice", "S3cret"])).toEqual([]);
    }
  });

  it("refuses a proxy URL beside a caller's fetch (the fetch decides the route)", () => {
    expect(() => createMfaClient(options(plainBase, { proxy: "http://p.test:1", fetch }))).toThrow(
      PingOneValidationError,
    );
    expect(() =>
      clientCredentials({
        clientId: "i",
        clientSecret: CLIENT_SECRET,
        environmentId: ENV,
        proxy: "http://p.test:1",
        fetch,
      }),
    ).toThrow(PingOneValidationError);
  });

  it("refuses a proxy URL on the fetch entry (Deno, Bun, browsers: the platform's fetch decides), and takes false", () => {
    expect(() => createFetchClient(options(plainBase, { proxy: "http://p.test:1" }))).toThrow(/read on Node only/);
    expect(() =>
      fetchCredentials({ clientId: "i", clientSecret: CLIENT_SECRET, environmentId: ENV, proxy: "http://p.test:1" }),
    ).toThrow(PingOneValidationError);
    expect(() => createFetchClient(options(plainBase, { proxy: false }))).not.toThrow();
  });

  it("refuses a bad HTTPS_PROXY at createMfaClient and clientCredentials, naming the variable", () => {
    clearProxyEnv();
    vi.stubEnv("HTTPS_PROXY", `socks5://${USERINFO}@proxy.corp:1080`);
    for (const make of [
      () => createMfaClient(options(plainBase)),
      () => clientCredentials({ clientId: "id", clientSecret: CLIENT_SECRET, environmentId: ENV }),
    ]) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect((error as PingOneValidationError).field).toBe("HTTPS_PROXY");
      expectNoLeak(error);
    }
    // `proxy: false` does not even read it.
    expect(() => createMfaClient(options(plainBase, { proxy: false }))).not.toThrow();
  });
});

describe("HTTPS through a CONNECT tunnel", () => {
  const exchangeThrough = (settings: ProxySettings | undefined) => nodeExchange(settings, { ca: LOOPBACK_CERT });
  const get = (exchange: ReturnType<typeof nodeExchange>, url: string) =>
    exchange({ method: "GET", url, headers: { accept: "application/json" } }, new CallSignal(), 1 << 20);

  it("sends TLS to the target through one tunnel, kept alive across calls, with the proxy's credentials", async () => {
    const p = await proxy({ credentials: `alice:${PASSWORD}` });
    const exchange = exchangeThrough(proxySettings(undefined, { HTTPS_PROXY: withCredentials(p.url) }));
    for (let i = 0; i < 3; i++) {
      const answer = await get(exchange, `${secureBase}/v1/environments/${ENV}/users/${USER}/devices/x`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(new TextDecoder().decode(answer.body))).toEqual(DEVICE_BODY);
    }
    expect(p.seen).toEqual([{ line: `CONNECT ${new URL(secureBase).host}`, credentials: `alice:${PASSWORD}` }]);
  });

  it("goes direct for a host NO_PROXY names", async () => {
    const p = await proxy();
    const exchange = exchangeThrough(proxySettings(undefined, { HTTPS_PROXY: p.url, NO_PROXY: "localhost" }));
    expect((await get(exchange, `${secureBase}/v1/x`)).status).toBe(200);
    expect(p.seen).toEqual([]);
  });

  it("refuses, once and without retrying, a tunnel the proxy answers 407, naming the proxy but not its password", async () => {
    const p = await proxy({ credentials: "alice:another-password" });
    const mfa = createMfaClient(options(secureBase, { proxy: withCredentials(p.url) }));
    // A GET: a dropped connection would be retried (FAST_RETRY); a refusal is final.
    const error = await rejection(() => mfa.devices.get(USER, DEVICE_BODY.id));
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error.message).toContain(`the proxy ${p.url} refused the tunnel to ${new URL(secureBase).host}: 407`);
    expect(error.cause.name).toBe("ProxyRefusedError");
    // What code can read: the proxy (no credentials), the target and the status, on the cause.
    expect({ proxy: error.cause.proxy, target: error.cause.target, status: error.cause.status }).toEqual({
      proxy: p.url,
      target: new URL(secureBase).host,
      status: 407,
    });
    expect(p.connects()).toBe(1);
    expectNoLeak(error);
  });

  it.each([403, 502])("ends the call at a %i answer to CONNECT", async (status) => {
    const p = await proxy({ refuse: status });
    const mfa = createMfaClient(options(secureBase, { proxy: p.url }));
    const error = await rejection(() => mfa.devices.list(USER));
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error.message).toContain(`: ${status}`);
    expect(p.connects()).toBe(1);
  });

  it("drops a CONNECT the proxy leaves unanswered when the call times out", async () => {
    const p = await proxy({ silent: true });
    const mfa = createMfaClient(options(secureBase, { proxy: p.url, timeoutMs: 50, retry: false }));
    expect(await rejection(() => mfa.devices.list(USER))).toBeInstanceOf(PingOneTimeoutError);
    await p.silentClosed;
    expect(p.connects()).toBe(1);
  });

  it.each([
    ["close", "the connection through the proxy"],
    ["huge-header", "gave no usable answer to the tunnel request (CONNECT)"],
  ] as const)("names the proxy when a tunnel breaks (%s)", async (breakTunnel, wording) => {
    const p = await proxy({ breakTunnel });
    const mfa = createMfaClient(options(secureBase, { proxy: withCredentials(p.url), retry: false }));
    const error = await rejection(() => mfa.devices.list(USER));
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error.message).toContain(`proxy ${p.url}`);
    expect(error.message).toContain(wording);
    expectNoLeak(error);
  });

  it("names an unreachable proxy without its credentials", async () => {
    const p = await proxy();
    await p.close();
    const mfa = createMfaClient(options(secureBase, { proxy: withCredentials(p.url), retry: false }));
    const error = await rejection(() => mfa.devices.list(USER));
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error.message).toContain(`the proxy ${p.url} could not be reached`);
    expectNoLeak(error);
  });
});

describe("HTTP through the proxy (absolute-form requests)", () => {
  it("sends the client's calls and clientCredentials' token request through HTTP_PROXY", async () => {
    clearProxyEnv();
    const p = await proxy({ credentials: `alice:${PASSWORD}` });
    vi.stubEnv("HTTP_PROXY", withCredentials(p.url));
    const tokens = clientCredentials({
      clientId: "worker",
      clientSecret: CLIENT_SECRET,
      environmentId: ENV,
      authBaseUrl: plainBase,
    });
    const mfa = createMfaClient(options(plainBase, { accessToken: tokens }));
    expect(await mfa.devices.get(USER, DEVICE_BODY.id)).toMatchObject({ id: DEVICE_BODY.id });
    expect(p.seen.map((s) => s.line)).toEqual([
      `POST ${plainBase}/${ENV}/as/token`,
      `GET ${plainBase}/v1/environments/${ENV}/users/${USER}/devices/${DEVICE_BODY.id}`,
    ]);
    expect(p.seen.every((s) => s.credentials === `alice:${PASSWORD}`)).toBe(true);
  });

  it("goes direct with NO_PROXY, or with `proxy: false`", async () => {
    clearProxyEnv();
    const p = await proxy();
    vi.stubEnv("http_proxy", p.url);
    vi.stubEnv("no_proxy", "127.0.0.1");
    await createMfaClient(options(plainBase)).devices.get(USER, DEVICE_BODY.id);
    vi.stubEnv("no_proxy", "");
    await createMfaClient(options(plainBase, { proxy: false })).devices.get(USER, DEVICE_BODY.id);
    const tokens = clientCredentials({
      clientId: "w",
      clientSecret: CLIENT_SECRET,
      environmentId: ENV,
      authBaseUrl: plainBase,
      proxy: false,
    });
    expect(await tokens()).toBe(TOKEN);
    expect(p.seen).toEqual([]);
    // …and through the proxy once neither applies.
    await createMfaClient(options(plainBase)).devices.get(USER, DEVICE_BODY.id);
    expect(p.forwards()).toBe(1);
  });

  it("names an unreachable forward proxy (HTTP_PROXY on loopback), not only the address refused", async () => {
    clearProxyEnv();
    const p = await proxy();
    await p.close();
    vi.stubEnv("HTTP_PROXY", withCredentials(p.url));
    const error = await rejection(() => createMfaClient(options(plainBase, { retry: false })).devices.list(USER));
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error.message).toContain(`the proxy ${p.url} could not be reached (connect ECONNREFUSED`);
    expectNoLeak(error);
  });

  it("keeps the client's own wording when the proxy's user name is a word (`proxy`): only the password is a secret", async () => {
    clearProxyEnv();
    const p = await proxy();
    await p.close();
    const password = "s3cret-Pr0xy-pass";
    vi.stubEnv("HTTP_PROXY", p.url.replace("http://", `http://proxy:${password}@`));
    const error = await rejection(() => createMfaClient(options(plainBase, { retry: false })).devices.list(USER));
    expect(error).toBeInstanceOf(PingOneNetworkError);
    expect(error.message).toContain(`the proxy ${p.url} could not be reached`);
    expect(leaks(views(error), [password, Buffer.from(`proxy:${password}`).toString("base64")])).toEqual([]);
  });

  it("masks the password and the Basic value, and the user name when it is the credential (no password) or long", () => {
    const secretsOf = (url: string) => proxySettings(url, {})!.secrets;
    const basic = (userinfo: string) => Buffer.from(userinfo).toString("base64");
    expect(secretsOf("http://user:pa%24%24word@p.corp:3128")).toEqual([
      "pa$$word",
      "pa%24%24word",
      basic("user:pa$$word"),
    ]);
    // The password in another case or spelled apart, as a proxy's error page may write it.
    const tokens = secretsOf("http://user:Pr0xy-S3cret-9f@p.corp:3128");
    expect(redact("user PR0XY-S3CRET-9F / p r 0 x y s 3 c r e t 9 f", { tokens })).toBe("user [redacted] / [redacted]");
    // An API key as the user name, with no password (Zyte's `-U <API key>:`): the user is the secret.
    expect(secretsOf("http://0123abcdef4567:@p.corp:3128")).toEqual(["0123abcdef4567", basic("0123abcdef4567:")]);
    // A long user name beside a password (an API key, options in the password) is masked too.
    const key = "SB9F2C7D1E4A6B8C0D3E5F7A9B1C3D5E";
    expect(secretsOf(`http://${key}:render_js=False@p.corp:3128`)).toEqual([
      "render_js=False",
      "render_js%3DFalse",
      key,
      basic(`${key}:render_js=False`),
    ]);
  });

  it("masks the proxy's credentials when its error page echoes the request headers (a short Basic value)", async () => {
    clearProxyEnv();
    // Short enough not to look like a token: only the known secrets can mask it.
    const user = "bob";
    const password = "Tr0ub4dor";
    const spellings = [password, Buffer.from(`${user}:${password}`).toString("base64")];
    const p = await proxy({ echo: 502 });
    const url = p.url.replace("http://", `http://${user}:${password}@`);
    const seen: unknown[] = [];
    const mfa = createMfaClient(
      options(plainBase, {
        proxy: url,
        retry: false,
        hooks: { onRequest: (r: unknown) => void seen.push(r), onResponse: (r: unknown) => void seen.push(r) },
      }),
    );
    const error = await rejection(() => mfa.devices.list(USER));
    expect(error.status).toBe(502);
    expect(error.message).toContain("request headers were");
    expect(leaks(views(error), spellings)).toEqual([]);
    expect(leaks(views(seen), spellings)).toEqual([]);
    // The token request through the same kind of proxy.
    const tokens = clientCredentials({
      clientId: "worker",
      clientSecret: CLIENT_SECRET,
      environmentId: ENV,
      authBaseUrl: plainBase,
      proxy: url,
    });
    const refused = await rejection(() => tokens());
    expect(refused).toBeInstanceOf(PingOneTokenError);
    expect(refused.description).toContain("request headers were");
    expect(leaks(views(refused), [...spellings, CLIENT_SECRET])).toEqual([]);
  });

  it("gives clientCredentials a PROXY_REFUSED token error when the proxy refuses the tunnel", async () => {
    const p = await proxy({ refuse: 407 });
    const tokens = clientCredentials({
      clientId: "worker",
      clientSecret: CLIENT_SECRET,
      environmentId: ENV,
      authBaseUrl: secureBase,
      proxy: withCredentials(p.url),
    });
    const error = await rejection(() => tokens());
    expect(error).toBeInstanceOf(PingOneTokenError);
    expect(error.code).toBe("PROXY_REFUSED");
    expect(error.message).toContain(`the proxy ${p.url} refused the tunnel`);
    expect(error.status).toBeUndefined(); // the token endpoint never answered: the proxy's status is on the cause
    expect([error.cause.name, error.cause.proxy, error.cause.status]).toEqual(["ProxyRefusedError", p.url, 407]);
    expect(leaks(views(error), [...SPELLINGS, CLIENT_SECRET])).toEqual([]);
  });
});
