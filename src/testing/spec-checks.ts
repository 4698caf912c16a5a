// PLACEHOLDER until the generated checks land (branch sim-checks).
import type { ActionName } from "../client/context.js";
import type { Violation } from "./violations.js";

export function checkRequest(
  _action: ActionName,
  _input: { params: Record<string, string>; query: Record<string, string>; body: unknown },
): Violation[] {
  return [];
}
export function checkAnswer(
  _action: ActionName,
  _answer: { status: number; headers: Record<string, string>; body: unknown },
): Violation[] {
  return [];
}
