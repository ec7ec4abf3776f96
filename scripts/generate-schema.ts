/** Writes config/federation.schema.json from the zod schema (`npm run schema`); a test fails when it is stale. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderJsonSchema } from "../src/model/json-schema";

const target = resolve(__dirname, "..", "config", "federation.schema.json");
writeFileSync(target, renderJsonSchema());
process.stdout.write(`wrote ${target}\n`);
