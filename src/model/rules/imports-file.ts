/** The import file named by `imports:` exists and is a federation import file (written by `federation adopt`). */
import { messages } from "../messages";
import { finding, type Rule } from "./rule";

export const importsFile: Rule = {
  name: "imports-file",
  check: ({ model }) => {
    const imports = model.imports;
    if (!imports?.error) return [];
    const message = imports.error.kind === "missing" ? messages.importsFileMissing(imports.file) : messages.importsFileInvalid(imports.file, imports.error.reason);
    return [finding(["imports"], message)];
  },
};
