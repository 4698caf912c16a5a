// pingone-mfa/testing: the mock the contract tests use, for testing your own code against it.
export { type MockServer, type MockServerOptions, startMockServer } from "./mock-server.js";
