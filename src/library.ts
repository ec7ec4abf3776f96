/**
 * The federation file for a program of your own (a CDKTF app that adds the federation's stacks or constructs to its
 * own): one call that returns the model or throws with every problem located, as `federation validate` prints them.
 */
import { type Diagnostic, formatDiagnostic } from "./model/diagnostics";
import { type LoadOptions, loadFederationFile } from "./model/load";
import type { FederationModel } from "./model/model";

/** The federation file is not valid: `diagnostics` holds every problem (errors and warnings), `message` the errors. */
export class FederationFileError extends Error {
  constructor(
    readonly file: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(`${file}: ${errors.length} error${errors.length === 1 ? "" : "s"}\n${errors.map((d) => formatDiagnostic(file, d)).join("\n")}`);
    this.name = "FederationFileError";
  }
}

/**
 * Loads and validates a federation file (YAML, the contract of `config/federation.yaml`), reading the inline-policy
 * files it names from its own folder tree. Throws `FederationFileError` when it has an error; its warnings are in
 * `loadFederationFile(file).diagnostics` (this function does not print them).
 */
export function loadFederation(file: string, options: LoadOptions = {}): FederationModel {
  const result = loadFederationFile(file, options);
  if (!result.model) throw new FederationFileError(file, result.diagnostics);
  return result.model;
}
