/** Composes every stack of the federation into one cdktf App. The only place that knows the list of stacks. */
import { App } from "cdktf";
import type { FederationModel } from "./model/model";
import { EntraSsoStack } from "../stacks/entra-sso";

export interface FederationApp {
  readonly app: App;
  readonly entraSso: EntraSsoStack;
}

export interface BuildOptions {
  /** Where `synth()` writes. @default cdktf's default (cdktf.out, or CDKTF_OUTDIR when run by the cdktf CLI) */
  readonly outdir?: string;
}

export function buildApp(model: FederationModel, options: BuildOptions = {}): FederationApp {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const entraSso = new EntraSsoStack(app, model);
  return { app, entraSso };
}
