/** Which federation file to use: `--config F`, else FEDERATION_CONFIG, else the embedded default. */
import { basename, dirname, resolve } from "node:path";

/** The package root, from the sources (`src/`) or from the compiled build (`dist/src/`). */
export const PROJECT_ROOT = resolve(__dirname, basename(dirname(__dirname)) === "dist" ? "../.." : "..");
export const DEFAULT_CONFIG = resolve(PROJECT_ROOT, "config", "federation.yaml");

export function configPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.FEDERATION_CONFIG) return env.FEDERATION_CONFIG;
  return DEFAULT_CONFIG;
}
