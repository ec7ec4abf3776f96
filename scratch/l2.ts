import { loadFile, modelOf, CONTOSO_CONFIG } from "../test/helpers";
import { formatDiagnostic } from "../src/model/diagnostics";
const r = loadFile(CONTOSO_CONFIG);
for (const d of r.diagnostics) console.log(formatDiagnostic(r.file, d));
