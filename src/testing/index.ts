// pingone-mfa/testing: the PingOne simulator (and examples mock, and validating proxy) the contract
// tests use, for testing your own code against it.
export {
  type MockFault,
  type MockServer,
  type MockServerOptions,
  type MockViolation,
  type OtpQuery,
  type SeedDevice,
  type SimulatorLimits,
  startMockServer,
} from "./mock-server.js";
export { type ControlCall, connectMock, type RemoteMockControl } from "./control-surface.js";
