import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "contract-tests/**/*.test.ts"],
    globalSetup: ["./contract-tests/global-setup.ts"],
    // vitest defaults to cores - 1 workers (one, on 2 cores); most files here wait on I/O (npm
    // install, Chromium, retry waits), so three overlap that waiting.
    maxWorkers: 3,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json", ignoreSourceErrors: true },
  },
});
