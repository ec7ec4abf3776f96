/**
 * cdktf-cli's own code for what the tests need to know about it (@cdktf/cli-core 0.21.0, the code bundled into
 * cdktf-cli 0.21.0), run as a child process (loading it runs `terraform version` with the real process environment,
 * which a jest test cannot set). One JSON request on stdin, one JSON answer on stdout ({"error": message} on failure):
 *
 * - {"op": "order", "stacks": [{"name", "dependencies"}], "verb": "deploy|output|diff", "patterns": [...],
 *   "ignoreMissing": bool} → {"selected": [names in cdktf's order], "waves": [[names started together], ...]}.
 *   The waves follow `CdktfProject.deploy` and `execute` (cdktf-project.js): the next stack is
 *   `getStackWithNoUnmetDependencies` (all its dependencies done), or simply the first stack not started with
 *   `--ignore-missing-stack-dependencies`; with the default unbounded parallelism every stack that can start, starts.
 * - {"op": "outputs-file", "stacks": {name: synthesized JSON}, "outputs": {name: `terraform output -json`},
 *   "file": path, "includeSensitive": bool} → {} after writing what `cdktf deploy|output --outputs-file file` writes:
 *   `saveOutputs` of the stacks' `getConstructIdsForOutputs` (output.js, cdktf-stack.js, cdktf-project.js).
 */
const helpers = require("@cdktf/cli-core/src/lib/helpers/stack-helpers");
const output = require("@cdktf/cli-core/src/lib/output");

async function outputsFile({ stacks, outputs, file, includeSensitive }) {
  const byConstructId = Object.entries(stacks).reduce((acc, [name, json]) => ({ ...acc, ...output.getConstructIdsForOutputs(json, outputs[name] ?? {}) }), {});
  await output.saveOutputs(file, byConstructId, includeSensitive);
  return {};
}

async function order({ stacks, verb, patterns, ignoreMissing }) {
  const selected = verb === "diff" ? [helpers.getSingleStack(stacks, patterns[0], "diff")] : helpers.getMultipleStacks(stacks, patterns, verb);
  const names = selected.map((s) => s.name);
  if (verb !== "deploy") return { selected: names, waves: [names] };
  if (!ignoreMissing) helpers.checkIfAllDependenciesAreIncluded(selected);
  const executors = selected.map((stack) => ({
    stack,
    currentState: "idle",
    currentWorkPromise: undefined,
    get isPending() {
      return this.currentState === "idle";
    },
  }));
  const waves = [];
  while (executors.some((e) => e.isPending)) {
    const wave = [];
    for (;;) {
      const next = ignoreMissing ? executors.find((e) => e.isPending) : await helpers.getStackWithNoUnmetDependencies(executors);
      if (!next) break;
      next.currentState = "deploying";
      wave.push(next);
    }
    if (wave.length === 0) throw new Error(`cdktf would wait for ever on ${executors.filter((e) => e.isPending).map((e) => e.stack.name)}`);
    for (const e of wave) e.currentState = "done";
    waves.push(wave.map((e) => e.stack.name).sort());
  }
  return { selected: names, waves };
}

let input = "";
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () =>
  Promise.resolve()
    .then(() => {
      const request = JSON.parse(input);
      return request.op === "outputs-file" ? outputsFile(request) : order(request);
    })
    .then(
      (r) => process.stdout.write(JSON.stringify(r)),
      (e) => process.stdout.write(JSON.stringify({ error: e.message })),
    ),
);
