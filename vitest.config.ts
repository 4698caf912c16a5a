import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "contract-tests/**/*.test.ts"],
    globalSetup: ["./contract-tests/global-setup.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json", ignoreSourceErrors: true },
  },
});
