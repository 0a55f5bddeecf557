// @hey-api/openapi-ts (its default fetch client): both keys from its `auth` callback, which it
// calls once per security scheme of the operation. The call table (`sdk.<operationId>` with
// `path` and `body` options) is appended by spec_compat/ts_clients.py from the gate's plan.
import { createClient } from "./heyapi/client";
import * as sdk from "./heyapi/sdk.gen";
import { run, type Answer, type Send } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const client = createClient({
  baseUrl: base,
  auth: (scheme) => (scheme.name === "API_KEY" ? key : secret),
});
// Without throwOnError it resolves on any status: `data` on a 2xx, `error` (parsed) otherwise.
async function a(sent: Promise<{ data?: unknown; error?: unknown; response?: Response }>): Promise<Answer> {
  const answer = await sent;
  if (!answer.response) {
    throw new Error(`no response: ${String(answer.error)}`);
  }
  return { status: answer.response.status, data: answer.response.ok ? answer.data : answer.error };
}
