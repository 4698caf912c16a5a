import { defineConfig } from "vitest/config";

// Two layers. `npm test` runs the `test` project: everything under test/ but the package layer,
// with one simulator shared through the global setup. `npm run test:package` runs `package`: it
// builds and packs the package once (its global setup), then installs and runs the tarball.
export default defineConfig({
  test: {
    // vitest defaults to cores - 1 workers (one, on 2 cores); the package layer mostly waits on
    // npm, compilers and browsers, so three overlap that waiting.
    projects: [
      {
        test: {
          name: "test",
          include: ["test/**/*.test.ts"],
          exclude: ["test/package/**"],
          globalSetup: ["./test/support/global-setup.ts"],
          // Hang guards, not assertions: a loaded 2-core machine runs some files four times slower
          // than an idle one, and no test may fail for that. No test sets a shorter limit of its own.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "package",
          include: ["test/package/**/*.test.ts"],
          globalSetup: ["./test/package/global-setup.ts"],
          maxWorkers: 3,
          // Hang guards, not deadlines: installs, compilers and runtimes on a busy machine take minutes.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
