/** The editor JSON schema for federation files, generated from the zod schema (input side: defaults optional). */
import { z } from "zod/mini";
import { federationSchema } from "./schema";

export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(federationSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return `${JSON.stringify(schema, null, 2)}\n`;
}
