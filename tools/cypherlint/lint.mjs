#!/usr/bin/env node
// Lint Cypher queries with Neo4j's own linter (@neo4j-cypher/language-support).
//
// stdin : JSON array of {"name": ..., "file": ..., "query": ...}
// stdout: JSON array of {"name", "file", "severity", "message", "line", "column"}
//         - only errors and warnings (information/hints are dropped)
//         - line/column are 1-based (LSP ranges are 0-based; we add 1)
//         - severity is "error" or "warning"
// Always exits 0 when it could read its input; the Python side decides what
// fails. A malformed input is reported as a single diagnostic with
// severity "error" and name "<input>" (still exit 0).
//
// Schema: only the functions and procedures of testData.mockSchema (a
// snapshot of a real Neo4j's dbms.functions/procedures), so unknown
// functions/procedures are flagged but labels/relationship types/property
// keys are not checked against any database.
//
// "Parameter $x is not defined." diagnostics are dropped (we lint queries
// without their parameter values), using the package's isNotParamError().
//
// Note: Neo4j 5 rejects aggregations inside a map projection that also reads
// the projected variable, e.g. RETURN a {.*, knows: collect(b.id)} ->
// "Aggregation column contains implicit grouping expressions". That is real
// Neo4j behaviour, not a linter bug: aggregate in a WITH first.
//
// The Cypher version used for queries without a "CYPHER 5"/"CYPHER 25"
// prefix is "CYPHER 5" (the library default); override with the env var
// CYPHERLINT_VERSION="CYPHER 25".
//
// Setup: (cd tools/cypherlint && npm install)   # node >= 20 works in practice
import { readFileSync } from 'node:fs';
import { isNotParamError, lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const schema = {
  functions: testData.mockSchema.functions,
  procedures: testData.mockSchema.procedures,
};
if (process.env.CYPHERLINT_VERSION) {
  schema.defaultLanguage = process.env.CYPHERLINT_VERSION;
}

// LSP DiagnosticSeverity: 1 Error, 2 Warning, 3 Information, 4 Hint
const SEVERITY = { 1: 'error', 2: 'warning' };

function emit(out) {
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

let items;
try {
  items = JSON.parse(readFileSync(0, 'utf8'));
  if (!Array.isArray(items)) throw new Error('expected a JSON array');
} catch (e) {
  emit([{ name: '<input>', file: null, severity: 'error',
          message: `cypherlint: cannot read input: ${e.message}`, line: 0, column: 0 }]);
  process.exit(0);
}

const out = [];
for (const item of items) {
  const name = item?.name ?? null;
  const file = item?.file ?? null;
  const query = item?.query;
  if (typeof query !== 'string') {
    out.push({ name, file, severity: 'error', message: 'cypherlint: "query" is not a string',
               line: 0, column: 0 });
    continue;
  }
  let diagnostics;
  try {
    ({ diagnostics } = lintCypherQuery(query, schema));
  } catch (e) {
    out.push({ name, file, severity: 'error', message: `cypherlint: linter crashed: ${e?.message ?? e}`,
               line: 0, column: 0 });
    continue;
  }
  for (const d of diagnostics ?? []) {
    // No parameter values are known here, so drop "Parameter $x is not defined."
    if (!isNotParamError(d)) continue;
    const severity = SEVERITY[d.severity];
    if (!severity) continue;
    out.push({
      name,
      file,
      severity,
      message: d.message,
      line: (d.range?.start?.line ?? 0) + 1,
      column: (d.range?.start?.character ?? 0) + 1,
    });
  }
}
emit(out);
process.exit(0);
