/**
 * The offline source: an export folder holding, for every request (src/adopt/requests.ts), exactly what its command
 * printed, at the request's path (README: Adopting an existing federation gives the script). A file holds one JSON
 * document, or several one after another (the pages of a list). Files are read with `readFileSafely`, confined to the
 * folder (a link out of it is refused); a missing file says which command writes it, a cut-off file where it ends.
 */
import { join } from "node:path";
import { readFileSafely, SafeReadError } from "../safe-fs";
import { type AwsRequest, exportCommandFor, type GraphRequest } from "./requests";
import { ReadError, type Source } from "./source";

/** The largest export file read (a `list-users` of 100,000 users is about 60 MB). */
export const MAX_EXPORT_FILE_BYTES = 256 * 1024 * 1024;

export function exportSource(dir: string, shownAs = dir): Source {
  const read = (r: AwsRequest | GraphRequest): unknown[] => {
    const shown = `${shownAs.replace(/\/+$/, "")}/${r.file}`;
    let bytes: Buffer;
    try {
      bytes = readFileSafely(join(dir, ...r.file.split("/")), { maxBytes: MAX_EXPORT_FILE_BYTES, what: "export file", within: dir, shownAs: shown });
    } catch (e) {
      if (e instanceof SafeReadError) {
        const fix = e.problem === "missing" ? `; write it with: ${exportCommandFor(r, shownAs)}` : "";
        throw new ReadError(`${e.message}${fix}`);
      }
      throw e;
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new ReadError(`export file ${shown} is not UTF-8 text`);
    }
    const docs = jsonDocuments(text);
    if ("error" in docs) throw new ReadError(`export file ${shown} ${docs.error}; write it again with: ${exportCommandFor(r, shownAs)}`);
    return docs.values;
  };
  return {
    label: `export ${shownAs}`,
    aws: async (r) => read(r),
    graph: async (r) => read(r),
  };
}

/**
 * The JSON documents of a text, one after another (whitespace between them). Each document is found by scanning
 * brackets outside strings, then parsed by JSON.parse, so a cut-off file, a stray character or invalid JSON inside a
 * document is reported with its line.
 */
export function jsonDocuments(text: string): { values: unknown[] } | { error: string } {
  const values: unknown[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    const c = text[i];
    if (c !== "{" && c !== "[") return { error: `has ${JSON.stringify(c)} at line ${lineOf(i)} where a JSON object should start` };
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0 || inString) return { error: `ends inside a JSON document that starts at line ${lineOf(start)} (the file is cut off: truncated JSON)` };
    try {
      values.push(JSON.parse(text.slice(start, i)));
    } catch (e) {
      return { error: `is not valid JSON in the document at line ${lineOf(start)} (${(e as Error).message})` };
    }
  }
  if (values.length === 0) return { error: "is empty (no JSON document)" };
  return { values };
}
