// Starts one mock for the whole suite. With PINGONE_ENVIRONMENT_ID set, it is instead a validating
// proxy to that environment (live mode; see live.ts).
import type { TestProject } from "vitest/node";
import { startMockServer } from "../../src/testing/index.ts";
import { liveSettings } from "../../src/contract/settings.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
    mockStartMs: number;
    live: boolean;
  }
}

export default async function setup(project: TestProject) {
  const started = performance.now();
  const live = liveSettings(process.env);
  // The contract suite checks the documented examples, so the mock answers from them.
  const mock = await startMockServer(live ? { upstream: live.hosts } : { mode: "examples" });
  project.provide("mockUrl", mock.url);
  project.provide("mockStartMs", Math.round(performance.now() - started));
  project.provide("live", live !== undefined);
  return () => mock.close();
}
