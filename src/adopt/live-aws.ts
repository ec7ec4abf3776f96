/**
 * The live AWS source: AWS SDK for JavaScript v3 (sso-admin, identitystore, organizations), read-only operations
 * only, each request the SDK twin of its CLI command (`list-permission-sets` → `ListPermissionSetsCommand`, options
 * in PascalCase), every page returned as the CLI would print it (without `$metadata`). The SDK packages are loaded
 * here, when a live read starts, never by the other commands.
 *
 * Throttling: IAM Identity Center allows about 20 requests per second across its APIs (sso-admin and identitystore
 * share the budget), Organizations much less; requests are spaced to stay under those rates, and the SDK's adaptive
 * retry mode backs off and retries (up to 8 attempts) when a ThrottlingException still comes back.
 */
import { stopwatch } from "../clock";
import type { AwsRequest, AwsService } from "./requests";
import { ReadError, type Source } from "./source";

/** Requests per second: IAM Identity Center's documented budget (sso-admin + identitystore); Organizations' is lower [I]. */
export const AWS_RATES: Readonly<Record<AwsService, number>> = { "sso-admin": 20, identitystore: 20, organizations: 4 };
export const AWS_MAX_ATTEMPTS = 8;

export interface LiveAwsOptions {
  readonly region: string;
  /** Waits (tests pass one that does not). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Requests per second per service. @default AWS_RATES */
  readonly rates?: Partial<Record<AwsService, number>>;
}

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
}

const MODULES: Record<AwsService, string> = {
  "sso-admin": "@aws-sdk/client-sso-admin",
  identitystore: "@aws-sdk/client-identitystore",
  organizations: "@aws-sdk/client-organizations",
};
const CLIENTS: Record<AwsService, string> = { "sso-admin": "SSOAdminClient", identitystore: "IdentitystoreClient", organizations: "OrganizationsClient" };
/** IAM action prefix of each service, for "needs <action>" messages. */
const ACTION_PREFIX: Record<AwsService, string> = { "sso-admin": "sso", identitystore: "identitystore", organizations: "organizations" };
/** sso-admin and identitystore share IAM Identity Center's budget. */
const BUDGET: Record<AwsService, string> = { "sso-admin": "identity-center", identitystore: "identity-center", organizations: "organizations" };

export const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

export function liveAwsSource(options: LiveAwsOptions): Source {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const clients = new Map<AwsService, { client: SdkClient; module: Record<string, unknown> }>();
  const limiters = new Map<string, RateLimiter>();
  const clientFor = (service: AwsService) => {
    let c = clients.get(service);
    if (!c) {
      // Loaded on first use: the SDK costs startup time every other command must not pay.
      const module = require(MODULES[service]) as Record<string, unknown>;
      const Client = module[CLIENTS[service]] as new (config: object) => SdkClient;
      c = { client: new Client({ region: options.region, retryMode: "adaptive", maxAttempts: AWS_MAX_ATTEMPTS }), module };
      clients.set(service, c);
    }
    return c;
  };
  const limiterFor = (service: AwsService) => {
    const budget = BUDGET[service];
    let l = limiters.get(budget);
    if (!l) limiters.set(budget, (l = new RateLimiter(options.rates?.[service] ?? AWS_RATES[service], sleep)));
    return l;
  };

  return {
    label: `live AWS (${options.region})`,
    aws: async (r: AwsRequest) => {
      const { client, module } = clientFor(r.service);
      const Command = module[`${pascal(r.operation)}Command`] as (new (input: object) => unknown) | undefined;
      if (!Command) throw new Error(`internal: no SDK command for ${r.service} ${r.operation}`);
      const input: Record<string, string> = Object.fromEntries(r.params.map(([k, v]) => [pascal(k), v]));
      const pages: unknown[] = [];
      let token: string | undefined;
      do {
        await limiterFor(r.service).take();
        let out: Record<string, unknown>;
        try {
          out = await client.send(new Command(token ? { ...input, NextToken: token } : input));
        } catch (e) {
          const err = e as { name?: string; message?: string };
          if (r.notFoundIsEmpty && err.name === "ResourceNotFoundException") return [{}];
          const action = `${ACTION_PREFIX[r.service]}:${pascal(r.operation)}`;
          const hint = err.name === "AccessDeniedException" || err.name === "AccessDenied" ? ` (the reading identity needs ${action}; README: Required permissions)` : "";
          throw new ReadError(`aws ${r.service} ${r.operation} failed: ${err.name ?? "Error"}: ${err.message ?? String(e)}${hint}`);
        }
        const page = cliShape(out);
        pages.push(page);
        token = r.list ? (page.NextToken as string | undefined) : undefined;
      } while (token);
      return pages;
    },
    graph: async () => {
      throw new Error("internal: the AWS source answers AWS requests only");
    },
  };
}

/** An SDK output as the CLI prints it: no `$metadata`, no undefined members. */
function cliShape(out: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(out).filter(([k, v]) => k !== "$metadata" && v !== undefined));
}

/** Spaces requests evenly: at most `perSecond`, measured on the monotonic stopwatch. */
export class RateLimiter {
  private next = 0;

  constructor(
    private readonly perSecond: number,
    private readonly sleep: (ms: number) => Promise<void>,
    /** Monotonic milliseconds (tests pass their own). @default stopwatch() */
    private readonly clock: { elapsedMs(): number } = stopwatch(),
  ) {}

  async take(): Promise<void> {
    const now = this.clock.elapsedMs();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await this.sleep(slot - now);
  }
}
