// The HTML pieces of the report: escaping, number formats for people, tables, and the page around the
// sections. Every piece of data reaches the page through `escapeHtml` (text and attributes) or
// `scriptJson` (chart specs inside <script type="application/json">).
import { groupThousands, percentText, toFixedHalfAway } from "../internal/format.js";

/** Text or an attribute value made safe for HTML: `& < > " '` as entities. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * JSON for the inside of `<script type="application/json">`: `<`, `>`, `&` and the two JavaScript
 * line separators as `\u` escapes, so no text of the data can close the element or start a comment.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** HTML that is already safe: built here from escaped parts. */
export interface Html {
  readonly html: string;
}
const safe = (html: string): Html => ({ html });
/** A cell's content: text (escaped) or HTML built by these helpers. */
export type Cell = string | number | Html;
const cellHtml = (c: Cell): string => (typeof c === "object" ? c.html : escapeHtml(c));

/** A count: `135080` → `"135,080"`. */
export function formatCount(n: number): string {
  return groupThousands(toFixedHalfAway(n, 0));
}

/** Money to 2 decimals (half away from zero: `1.005` → `"1.01"`) with grouped thousands: `8911407.904` → `"8,911,407.90"`; `-0.001` → `"0.00"`. */
export function formatMoney(x: number): string {
  return groupThousands(toFixedHalfAway(x, 2));
}

/**
 * A share as a percentage with one decimal (`0.249` → `"24.9%"`, half away from zero on the share's
 * decimal: `0.0125` → `"1.3%"`), never `"0.0%"` or `"100.0%"` for a share strictly between;
 * `null` → the dash of a gap.
 */
export function formatShare(share: number | null): string {
  return share === null ? "–" : percentText(share, 1);
}

/** A number with `decimals` decimals (half away from zero), grouped (`12.3456` → `"12.3"` with 1). */
export function formatNumber(x: number, decimals = 1): string {
  return groupThousands(toFixedHalfAway(x, decimals));
}

/** A table: header cells, rows of cells; columns listed in `numeric` are right-aligned; `rowClass` marks rows. */
export function table(head: readonly string[], rows: readonly (readonly Cell[])[], numeric: readonly number[] = [], className = "", rowClass: (i: number) => string | undefined = () => undefined): Html {
  const num = new Set(numeric);
  const th = head.map((h, i) => `<th${num.has(i) ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const tr = (i: number) => {
    const cls = rowClass(i);
    return cls === undefined ? "<tr>" : `<tr class="${escapeHtml(cls)}">`;
  };
  const body = rows.map((r, ri) => `${tr(ri)}${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ""}>${cellHtml(c)}</td>`).join("")}</tr>`).join("\n");
  return safe(`<table${className ? ` class="${escapeHtml(className)}"` : ""}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`);
}

/** A horizontal bar for a share in a table cell (negative shares draw nothing), with its text. */
export function shareBar(share: number | null): Html {
  const width = share === null || share <= 0 ? 0 : Math.min(100, share * 100);
  return safe(`<span class="bar"><span style="width:${toFixedHalfAway(width, 1)}%"></span></span> ${escapeHtml(formatShare(share))}`);
}

/** Text in a small grey note. */
export const muted = (text: string, block = false): Html => safe(`<span class="muted${block ? " block" : ""}">${escapeHtml(text)}</span>`);
/** Text in bold. */
export const strong = (text: string): Html => safe(`<strong>${escapeHtml(text)}</strong>`);
/** Text in a code font (issue codes, ids). */
export const code = (text: string): Html => safe(`<code>${escapeHtml(text)}</code>`);
/** Pieces joined in order. */
export const join = (...parts: Cell[]): Html => safe(parts.map(cellHtml).join(""));
/** A sub-heading. */
export const heading3 = (text: string): Html => safe(`<h3>${escapeHtml(text)}</h3>`);
/** A paragraph of text. */
export const paragraph = (text: string, className = ""): Html => safe(`<p${className ? ` class="${escapeHtml(className)}"` : ""}>${escapeHtml(text)}</p>`);

/** A chart's place: the compiled Vega spec as JSON, drawn by the page's script. */
export function chartBlock(id: string, vegaSpec: unknown, caption: string): Html {
  return safe(
    `<figure class="chart"><div class="view" id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(caption)}"></div>` +
      `<script type="application/json" data-chart="${escapeHtml(id)}">${scriptJson(vegaSpec)}</script></figure>`,
  );
}

/** One section: an anchor, a heading, a lead sentence and its content. */
export function section(id: string, heading: string, lead: string, parts: readonly Html[]): Html {
  return safe(
    `<section id="${escapeHtml(id)}"><h2>${escapeHtml(heading)}</h2>${lead ? paragraph(lead, "lead").html : ""}\n${parts.map((p) => p.html).join("\n")}\n</section>`,
  );
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1d2430; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { font-size: 28px; margin: 8px 0 4px; }
header p { margin: 0; color: #4a5568; }
nav { margin: 16px 0 8px; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; }
nav a { color: #2b6cb0; text-decoration: none; }
section { background: #fff; border: 1px solid #e2e6ec; border-radius: 8px; padding: 18px 22px; margin: 18px 0; break-inside: avoid; }
h2 { font-size: 20px; margin: 0 0 6px; }
h3 { font-size: 16px; margin: 16px 0 6px; }
p.lead { color: #4a5568; margin: 0 0 12px; }
p.note { font-size: 13px; color: #4a5568; margin: 8px 0 0; }
p.warning { background: #fff5e6; border-left: 4px solid #dd8b00; padding: 6px 10px; margin: 10px 0; }
p.unavailable { background: #f3f4f6; border-left: 4px solid #9aa3af; padding: 6px 10px; margin: 10px 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #edf0f4; vertical-align: top; }
th { font-weight: 600; color: #4a5568; border-bottom: 2px solid #dfe3ea; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.facts { width: auto; }
table.facts td { padding-right: 24px; }
table.facts td:first-child { color: #4a5568; }
tr.partial td { background: #fbf7ee; }
.bar { display: inline-block; width: 56px; height: 9px; background: #edf0f4; border-radius: 2px; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #4c78a8; border-radius: 2px; }
.muted { color: #6b7280; font-size: 13px; }
.muted.block { display: block; max-width: 34em; }
table.segments td:first-child { width: 40%; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f1f3f6; padding: 0 3px; border-radius: 3px; }
figure.chart { margin: 12px 0; overflow-x: auto; }
figure.chart .view svg { max-width: 100%; height: auto; }
footer { color: #6b7280; font-size: 12px; margin-top: 24px; }
@media print { body { background: #fff; } section { border: none; padding: 0; } nav { display: none; } }
`;

/**
 * Draws every chart: the Vega runtime is inlined above this script; each spec is parsed and rendered to
 * SVG into its container. The page marks itself `data-rendered` when all are drawn: "ok", or "error"
 * when a chart failed or Vega logged a warning or an error.
 */
const DRAW = `
(function () {
  var specs = document.querySelectorAll('script[data-chart]');
  var views = [];
  // Vega logs a failing chart and still resolves: count what it logs, so data-rendered tells the truth.
  var problems = 0;
  var base = vega.logger(vega.Warn);
  var logger = {
    level: function (l) { if (arguments.length) { base.level(l); return logger; } return base.level(); },
    error: function () { problems++; base.error.apply(base, arguments); return logger; },
    warn: function () { problems++; base.warn.apply(base, arguments); return logger; },
    info: function () { base.info.apply(base, arguments); return logger; },
    debug: function () { base.debug.apply(base, arguments); return logger; }
  };
  for (var i = 0; i < specs.length; i++) {
    var el = specs[i];
    try {
      var container = document.getElementById(el.getAttribute('data-chart'));
      var view = new vega.View(vega.parse(JSON.parse(el.textContent)), { renderer: 'svg', container: container, hover: true, logger: logger });
      views.push(view.runAsync());
    } catch (error) {
      views.push(Promise.reject(error));
    }
  }
  Promise.all(views).then(
    function () { document.documentElement.setAttribute('data-rendered', problems === 0 ? 'ok' : 'error'); },
    function (error) { console.error(error); document.documentElement.setAttribute('data-rendered', 'error'); }
  );
})();
`;

/**
 * The whole page. No request leaves it: the Content-Security-Policy allows no source but the page's
 * own inline script and style (Vega compiles its expressions with `Function`, hence 'unsafe-eval').
 */
export function page(o: { lang: "en" | "zh"; title: string; subtitle: string; nav: readonly { id: string; text: string }[]; sections: readonly Html[]; footer: string; vegaJs: string }): string {
  const csp = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:";
  const nav = o.nav.map((n) => `<a href="#${escapeHtml(n.id)}">${escapeHtml(n.text)}</a>`).join("\n");
  // A `</script` inside the runtime's text would end its element early (the minified build has none; kept safe anyway).
  const runtime = o.vegaJs.replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="${o.lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(o.title)}</h1><p>${escapeHtml(o.subtitle)}</p></header>
<nav>${nav}</nav>
${o.sections.map((s) => s.html).join("\n")}
<footer>${escapeHtml(o.footer)}</footer>
</main>
<script>${runtime}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
