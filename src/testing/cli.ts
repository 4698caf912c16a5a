#!/usr/bin/env node
// pingone-mfa-mock: the simulator as a process, for test setups that are not vitest in Node
// (browser tests, other languages, docker compose). Prints its base URLs and runs until stopped.
import { parseArgs } from "node:util";
import { startMockServer } from "./mock-server.js";

const USAGE = `Usage: pingone-mfa-mock [--port 4010] [--host 127.0.0.1] [--mode stateful|examples]

Starts the PingOne MFA simulator (or, with --mode examples, answers from the documented examples)
and prints the base URLs to give the client. Tests in other processes drive it over its control
surface (reset, faults, the last passcode), on loopback only. Stops on Ctrl-C.`;

async function main(argv: string[]): Promise<number> {
  let values: { port?: string; host?: string; mode?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string" },
        mode: { type: "string", short: "m" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`pingone-mfa-mock: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`pingone-mfa-mock: --port must be a port number (0-65535), not ${JSON.stringify(values.port)}`);
    return 2;
  }
  const mode = values.mode ?? "stateful";
  if (mode !== "stateful" && mode !== "examples") {
    console.error(`pingone-mfa-mock: --mode must be stateful or examples, not ${JSON.stringify(mode)}`);
    return 2;
  }
  const mock = await startMockServer({
    port,
    mode,
    controlSurface: true,
    ...(values.host ? { host: values.host } : {}),
  }).catch((error: Error) => {
    console.error(`pingone-mfa-mock: ${error.message}`);
    return undefined;
  });
  if (!mock) return 1;
  console.log(`pingone-mfa mock (${mode}) listening
  apiBaseUrl:  ${mock.apiBaseUrl}
  authBaseUrl: ${mock.authBaseUrl}
  token:       POST ${mock.authBaseUrl}/{environmentId}/as/token
  control:     POST ${mock.url}/__pingone-mfa/control/{call} (loopback only; connectMock(url) from pingone-mfa/testing)`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await mock.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
