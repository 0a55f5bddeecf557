// openapi-generator typescript-axios: both keys from its Configuration. The call table (one
// `<Tag>Api` per tag, each operation a method named by its operationId) is appended by
// spec_compat/ts_clients.py from the gate's plan.
import { isAxiosError, type AxiosResponse } from "axios";
import { Configuration } from "./axios/index";
import { run, type Answer, type Send } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const config = new Configuration({
  basePath: base,
  apiKey: (name: string) => (name === "API_KEY" ? key : secret),
});
// axios rejects on a non-2xx answer.
async function a(sent: Promise<AxiosResponse<unknown>>): Promise<Answer> {
  try {
    const answer = await sent;
    return { status: answer.status, data: answer.data };
  } catch (thrown) {
    if (isAxiosError(thrown) && thrown.response) {
      return { status: thrown.response.status, data: thrown.response.data };
    }
    throw thrown;
  }
}
