// Walks the gate's plan of calls (spec_compat/call_plan.py, written to plan.json beside the
// build) through one generated client's adapter and prints one JSON line per call: the
// operation, the status, the data the client handed over, what was sent. The adapters' call
// tables are written per tool by spec_compat/ts_clients.py from the same plan; the checks of
// each answer are made in Python (spec_compat/call_checks.py). No operation is named here.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

export interface Answer {
  status: number;
  data: unknown;
}

// One operation of the client: path values by parameter name, the body (null: none).
export type Send = (path: Record<string, string>, body: unknown) => Promise<Answer>;

interface Planned {
  operation: string;
  body: Record<string, unknown> | null;
  path: Record<string, [number, string]>;
  fresh: Record<string, "uuid" | "slug">;
}

type Fields = Record<string, unknown>;

function fields(data: unknown): Fields {
  return typeof data === "object" && data !== null ? (data as Fields) : {};
}

export async function run(sends: Record<string, Send>, tag: string): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[5] ?? "plan.json", "utf8")) as Planned[];
  const answers: unknown[] = [];
  let counter = 0;
  for (const call of plan) {
    const path: Record<string, string> = {};
    for (const [name, [from, field]] of Object.entries(call.path)) {
      path[name] = String(fields(answers[from])[field]);
    }
    const body = call.body === null ? null : { ...call.body };
    for (const [name, how] of Object.entries(call.fresh)) {
      if (body !== null) {
        body[name] = how === "uuid" ? randomUUID() : `gate-${tag}-${Date.now()}-${counter++}`;
      }
    }
    let record: Fields;
    try {
      const send = sends[call.operation];
      if (send === undefined) {
        throw new Error(`the adapter has no call for ${call.operation}`);
      }
      const answer = await send(path, body);
      answers.push(answer.data);
      record = { operation: call.operation, status: answer.status, data: answer.data, sent: body, path };
    } catch (error) {
      answers.push(null);
      record = { operation: call.operation, status: null, error: `threw ${String(error)}`, sent: body, path };
    }
    console.log(JSON.stringify(record));
  }
}
