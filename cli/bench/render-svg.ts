import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A Vega-Lite chart drawn as SVG text in plain Node (vega's headless renderer: no canvas, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
