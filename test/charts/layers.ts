// Test helper: finds the layers of a Vega-Lite spec by what they draw (mark type, and a predicate when
// one chart has several layers of one mark), never by position, and gives the name Vega-Lite compiles
// each one to, so the render tests can count its marks in the scenegraph.

// Specs are JSON values; tests read into them freely.
type Any = any;

/** One unit layer (a spec with a mark) of a chart. */
export interface UnitLayer {
  /** The unit spec itself (`mark`, `encoding`, `transform`, own `data`). */
  readonly spec: Any;
  /** Mark type: `"bar"`, `"text"`, `"rule"`, ... */
  readonly mark: string;
  /** The data the layer draws: its own, else the nearest enclosing spec's. */
  readonly data: Any;
  /** Vega-Lite's name of the layer (`layer_0`, `concat_1_layer_0`, `layer_3_layer_2`; `""` for a single-view spec). */
  readonly name: string;
  /** Key of the layer's marks in `checkChart(...).marks` (`layer_0_marks`). */
  readonly marks: string;
}

const markType = (mark: Any): string => (typeof mark === "string" ? mark : mark.type);

/** Every unit layer of `spec`, depth first, through `layer` and `hconcat`/`vconcat`/`concat`. */
export function unitLayers(spec: Any): UnitLayer[] {
  const out: UnitLayer[] = [];
  const visit = (node: Any, name: string, data: Any) => {
    const own = node.data ?? data;
    if (node.mark !== undefined) {
      out.push({ spec: node, mark: markType(node.mark), data: own, name, marks: name === "" ? "marks" : `${name}_marks` });
      return;
    }
    const prefix = name === "" ? "" : `${name}_`;
    (node.layer ?? []).forEach((child: Any, i: number) => visit(child, `${prefix}layer_${i}`, own));
    for (const key of ["hconcat", "vconcat", "concat"]) (node[key] ?? []).forEach((child: Any, i: number) => visit(child, `${prefix}concat_${i}`, own));
  };
  visit(spec, "", undefined);
  return out;
}

/** The unit layers drawing `mark` that satisfy `where` (all of them by default). */
export function layersOf(spec: Any, mark: string, where: (layer: Any) => boolean = () => true): UnitLayer[] {
  return unitLayers(spec).filter((l) => l.mark === mark && where(l.spec));
}

/** The one unit layer drawing `mark` that satisfies `where`; throws when there is none or several. */
export function layerOf(spec: Any, mark: string, where: (layer: Any) => boolean = () => true): UnitLayer {
  const found = layersOf(spec, mark, where);
  if (found.length !== 1) {
    const all = unitLayers(spec).map((l) => `${l.name || "(root)"}: ${l.mark}`);
    throw new Error(`expected one "${mark}" layer matching, found ${found.length} (layers: ${all.join(", ")})`);
  }
  return found[0];
}
