import { defineConfig } from "vitest/config";

// Three projects: `unit` runs without Prism or the network (npm run test:unit), `contract` shares
// one mock started by its global setup, `publish` packs, installs and runs the package.
export default defineConfig({
  test: {
    // vitest defaults to cores - 1 workers (one, on 2 cores); most files here wait on I/O (npm
    // install, Chromium, retry waits), so three overlap that waiting.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts"],
          typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json", ignoreSourceErrors: true },
        },
      },
      {
        test: {
          name: "contract",
          include: ["contract-tests/*.test.ts", "contract-tests/reliability/**/*.test.ts"],
          globalSetup: ["./contract-tests/global-setup.ts"],
          // Files start mocks and processes; a loaded CI machine must not turn that into a failure.
          hookTimeout: 60_000,
          testTimeout: 20_000,
        },
      },
      { test: { name: "publish", include: ["contract-tests/publish/**/*.test.ts"], globalSetup: ["./contract-tests/publish/global-setup.ts"] } },
    ],
  },
});
