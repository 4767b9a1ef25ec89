// Host features AssemblyScript maps to JS imports Piecrust does not provide (`Math.random` → env.seed,
// `Date.now` → env.Date.now, `trace` → env.trace). Found in the parsed source, so the error points
// at the user's line instead of surfacing as "import not allowed" after compilation.

import { NodeKind } from "assemblyscript/dist/assemblyscript.js";
import type { CallExpression, Node, PropertyAccessExpression, Source } from "assemblyscript/dist/assemblyscript.js";
import { walkAst } from "./ast-walk.js";
import { Codes, type Diagnostic, locationOf } from "./diagnostics.js";

const MEMBERS: Record<string, Record<string, string>> = {
  Math: { random: "Math.random is not available in contracts: there is no deterministic seed (derive randomness from contract state or host data)" },
  Date: { now: "Date.now is not available in contracts: there is no clock (take time from the host, e.g. block data passed as an argument)" },
};
const CALLS: Record<string, string> = {
  trace: "trace() is not available in contracts: use debug() from piecrust-as (compiled out of release builds)",
};

function identifierText(n: Node | null | undefined): string | null {
  return n && n.kind === NodeKind.Identifier ? (n as unknown as { text: string }).text : null;
}

/** Reports every forbidden use in `source`. */
export function checkForbidden(source: Source, diagnostics: Diagnostic[]): void {
  walkAst(source.statements, (n) => {
    if (n.kind === NodeKind.PropertyAccess) {
      const pa = n as PropertyAccessExpression;
      const msg = MEMBERS[identifierText(pa.expression) ?? ""]?.[pa.property.text];
      if (msg) diagnostics.push({ code: Codes.ForbiddenApi, message: msg, location: locationOf(pa.range) });
    } else if (n.kind === NodeKind.Call) {
      const msg = CALLS[identifierText((n as CallExpression).expression) ?? ""];
      if (msg) diagnostics.push({ code: Codes.ForbiddenApi, message: msg, location: locationOf(n.range) });
    }
  });
}
