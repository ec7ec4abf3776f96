/**
 * The live Microsoft Graph source: GET requests with a token from `@azure/identity` (DefaultAzureCredential: the
 * environment, a workload identity, a managed identity or `az login`), read-only permissions (README: Required
 * permissions). Collections are followed page by page through `@odata.nextLink`, which must stay on Graph (the token
 * is never sent anywhere else). Throttling (429) and unavailability (503, 504) are retried after `Retry-After`
 * (seconds or an HTTP date, Graph's throttling guidance), else with exponential backoff, at most `GRAPH_MAX_RETRIES`
 * times. `@azure/identity` is loaded only when a live read starts.
 */
import { now } from "../clock";
import { GRAPH_BASE, type GraphRequest } from "./requests";
import { ReadError, type Source } from "./source";

export const GRAPH_MAX_RETRIES = 8;
const RETRIED = new Set([429, 503, 504]);
const MAX_BACKOFF_MS = 60_000;

export interface LiveGraphOptions {
  /** A bearer token for Graph. @default DefaultAzureCredential's token for https://graph.microsoft.com/.default */
  readonly token?: () => Promise<string>;
  /** @default globalThis.fetch */
  readonly fetch?: (url: string, init: { headers: Record<string, string> }) => Promise<Response>;
  /** Waits (tests pass one that records and returns at once). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export function liveGraphSource(options: LiveGraphOptions = {}): Source {
  const doFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let token: Promise<string> | undefined;
  const getToken = () => (token ??= (options.token ?? defaultToken)());

  const get = async (url: string, r: GraphRequest): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, { headers: { Authorization: `Bearer ${await getToken()}`, Accept: "application/json" } });
      } catch (e) {
        throw new ReadError(`GET ${r.path} failed: ${(e as Error).message}`);
      }
      if (res.ok) {
        try {
          return await res.json();
        } catch {
          throw new ReadError(`GET ${r.path}: the response is not JSON`);
        }
      }
      if (RETRIED.has(res.status) && attempt < GRAPH_MAX_RETRIES) {
        await sleep(retryDelayMs(res.headers.get("retry-after"), attempt));
        continue;
      }
      throw new ReadError(`GET ${r.path} failed: ${await describeError(res)}${hint(res.status, r)}`);
    }
  };

  return {
    label: "live Microsoft Graph",
    aws: async () => {
      throw new Error("internal: the Graph source answers Graph requests only");
    },
    graph: async (r: GraphRequest) => {
      const pages: unknown[] = [];
      let url: string | undefined = new URL(`${GRAPH_BASE}${r.path}`).toString();
      while (url) {
        const page = await get(url, r);
        pages.push(page);
        const next: unknown = r.paged && page && typeof page === "object" ? (page as Record<string, unknown>)["@odata.nextLink"] : undefined;
        if (next === undefined) break;
        if (typeof next !== "string" || !next.startsWith(GRAPH_BASE)) {
          throw new ReadError(`GET ${r.path}: @odata.nextLink ${JSON.stringify(next)} does not point at ${GRAPH_BASE}; not followed`);
        }
        url = next;
      }
      return pages;
    },
  };
}

/** How long to wait before retry `attempt` (0-based): Retry-After (seconds or an HTTP date), else 1 s, 2 s, 4 s, … ≤ 60 s. */
export function retryDelayMs(retryAfter: string | null, attempt: number): number {
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return Math.min(Number(retryAfter.trim()) * 1000, 10 * MAX_BACKOFF_MS);
  if (retryAfter !== null) {
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, Math.min(at - now().getTime(), 10 * MAX_BACKOFF_MS));
  }
  return Math.min(1000 * 2 ** attempt, MAX_BACKOFF_MS);
}

async function describeError(res: Response): Promise<string> {
  let detail = "";
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body?.error) detail = `: ${body.error.code ?? ""} ${body.error.message ?? ""}`.trimEnd();
  } catch {
    // not JSON: the status says enough
  }
  return `HTTP ${res.status}${detail}`;
}

function hint(status: number, r: GraphRequest): string {
  if (status === 401 || status === 403) return " (the reading identity needs Graph read permissions: README: Required permissions)";
  if (status === 404) return ` (${r.what} does not exist)`;
  return "";
}

async function defaultToken(): Promise<string> {
  // Loaded here: @azure/identity costs startup time every other command must not pay.
  const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
  try {
    const t = await new DefaultAzureCredential().getToken("https://graph.microsoft.com/.default");
    if (!t) throw new Error("no token");
    return t.token;
  } catch (e) {
    throw new ReadError(`cannot get a Microsoft Graph token (az login, or AZURE_TENANT_ID/AZURE_CLIENT_ID with a credential): ${(e as Error).message.split("\n")[0]}`);
  }
}
