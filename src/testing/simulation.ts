// Kept so `./simulation.js` imports keep working while the HTTP layer moves to `./simulation/index.js`.
export * from "./simulation/index.js";
