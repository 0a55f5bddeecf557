// swagger-typescript-api: both auth headers from its securityWorker. The call table
// (`client.<first path segment>.<operationId>(path values..., body)`) is appended by
// spec_compat/ts_clients.py from the gate's plan.
import { Api, type HttpResponse } from "./sta/api";
import { run, type Answer, type Send } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const client = new Api({
  baseUrl: base,
  securityWorker: () => ({ headers: { API_KEY: key, API_SECRET: secret } }),
});
// Its request() throws the response on a non-2xx answer.
async function a(sent: Promise<HttpResponse<unknown, unknown>>): Promise<Answer> {
  try {
    const answer = await sent;
    return { status: answer.status, data: answer.data };
  } catch (thrown) {
    const answer = thrown as HttpResponse<unknown, unknown>;
    return { status: answer.status, data: answer.error };
  }
}
