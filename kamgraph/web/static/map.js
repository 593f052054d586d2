// The account map: Graphviz's SVG (the same drawing as `kamgraph map`), cleaned of anything
// active, with pan (drag), zoom (wheel, buttons), fit, centring on a person, and clicks on
// people, folded groups and unit boxes reported to the page.

const SVGNS = "http://www.w3.org/2000/svg";
const XLINK = "http://www.w3.org/1999/xlink";

/** The SVG text as an element with nothing that can run: no scripts, no event handlers, no links out. */
function clean(svgText) {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") throw new Error("the map could not be read");
  for (const bad of svg.querySelectorAll("script, foreignObject, iframe, object, embed")) bad.remove();
  for (const el of svg.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const isLink = name === "href" || name === "xlink:href";
      if (name.startsWith("on") || (isLink && !attr.value.startsWith("#")) || name === "style") {
        el.removeAttributeNode(attr);
      }
    }
  }
  return document.importNode(svg, true);
}

export class MapView {
  constructor(host, handlers) {
    this.host = host;
    this.handlers = handlers; // {person(key), group(key), cluster(key), background()}
    this.svg = null;
    this.box = null;   // the current viewBox {x, y, w, h}
    this.full = null;  // the drawing's own viewBox
    this.byKey = new Map();
    this._wire();
  }

  /** Replace the drawing; keeps the zoom when asked (a re-render of the same map). */
  show(mapData, keepView = false) {
    const old = keepView && this.box ? {...this.box} : null;
    const svg = clean(mapData.svg);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    svg.classList.add("map-svg");
    this.host.replaceChildren(svg);
    this.svg = svg;
    const vb = svg.viewBox.baseVal;
    this.full = {x: vb.x, y: vb.y, w: vb.width, h: vb.height};
    this.byKey = new Map();
    this.lines = new Map();  // "n3->n5" → every line between them (a reporting line and an influence, say)
    for (const g of svg.querySelectorAll("g.node, g.cluster, g.edge")) {
      const title = g.querySelector(":scope > title")?.textContent.trim();
      if (!title) continue;
      if (g.classList.contains("edge")) this.lines.set(title, [...(this.lines.get(title) || []), g]);
      else this.byKey.set(title, g);
    }
    this.nodeInfo = new Map(mapData.nodes.map((n) => [n.key, n]));
    this.clusterInfo = new Map(mapData.clusters.map((c) => [c.key, c]));
    for (const [key, g] of this.byKey) {
      const info = this.nodeInfo.get(key);
      if (info) {
        g.dataset.person = info.id;
        g.classList.add(`kind-${info.kind}`);
      }
      if (this.clusterInfo.has(key)) g.classList.add("unit-box");
    }
    this.setBox(old || this.full);
  }

  /** The SVG group of a person, by id. */
  nodeOf(personId) {
    for (const [key, info] of this.nodeInfo || []) {
      if (info.id === personId && info.kind !== "group") return this.byKey.get(key);
    }
    return null;
  }

  /** The lines drawn between two people, either way round. */
  linesBetween(a, b) {
    const ka = [...this.nodeInfo].find(([, n]) => n.id === a)?.[0];
    const kb = [...this.nodeInfo].find(([, n]) => n.id === b)?.[0];
    return [...(this.lines.get(`${ka}->${kb}`) || []), ...(this.lines.get(`${kb}->${ka}`) || [])];
  }

  /** Mark people (a set of ids) with a class, clearing it from everyone else. */
  mark(cls, ids) {
    if (!this.svg) return;
    for (const g of this.svg.querySelectorAll(`.${cls}`)) g.classList.remove(cls);
    for (const id of ids) this.nodeOf(id)?.classList.add(cls);
  }

  /** Whether the drawing holds every person of a route and a line for each of its hops. */
  holdsRoute(people) {
    return people.every((id, i) => this.nodeOf(id) && (!i || this.linesBetween(people[i - 1], id).length));
  }

  markRoute(cls, people) {
    if (!this.svg) return;
    for (const g of this.svg.querySelectorAll(`.${cls}`)) g.classList.remove(cls);
    people.forEach((id, i) => {
      this.nodeOf(id)?.classList.add(cls);
      if (!i) return;
      // a hop is a reporting line or an acquaintance: not the dashed influence line beside it
      const lines = this.linesBetween(people[i - 1], id);
      const solid = lines.filter((g) => !g.querySelector("path[stroke-dasharray]"));
      for (const g of solid.length ? solid : lines) g.classList.add(cls);
    });
  }

  setBox(box) {
    this.box = box;
    this.svg?.setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
  }

  fit() { if (this.full) this.setBox({...this.full}); }

  zoom(factor, cx = null, cy = null) {
    if (!this.box) return;
    const b = this.box;
    const x = cx ?? b.x + b.w / 2, y = cy ?? b.y + b.h / 2;
    const w = Math.min(Math.max(b.w * factor, 20), this.full.w * 4);
    const k = w / b.w;
    this.setBox({x: x - (x - b.x) * k, y: y - (y - b.y) * k, w, h: b.h * k});
  }

  /** Centre the view on a person, zooming in to read them. */
  centre(personId) {
    const g = this.nodeOf(personId);
    if (!g) return false;
    const r = this.toSvg(g.getBoundingClientRect());
    const w = Math.min(this.full.w, Math.max(r.w * 8, 500));
    const h = w * (this.box.h / this.box.w);
    this.setBox({x: r.x + r.w / 2 - w / 2, y: r.y + r.h / 2 - h / 2, w, h});
    return true;
  }

  /** Zoom to show these people (a route, say), with a margin. */
  fitTo(ids) {
    // the people only: a line Graphviz routed the long way round would zoom the map out
    const rects = ids.map((id) => this.nodeOf(id)).filter(Boolean).map((g) => this.toSvg(g.getBoundingClientRect()));
    if (!rects.length) return;
    const x0 = Math.min(...rects.map((r) => r.x)), y0 = Math.min(...rects.map((r) => r.y));
    const x1 = Math.max(...rects.map((r) => r.x + r.w)), y1 = Math.max(...rects.map((r) => r.y + r.h));
    const pad = 60, aspect = this.host.clientWidth / Math.max(1, this.host.clientHeight);
    let w = x1 - x0 + 2 * pad, h = y1 - y0 + 2 * pad;
    if (w / h < aspect) w = h * aspect; else h = w / aspect;
    this.setBox({x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h});
  }

  /** A screen rectangle in the drawing's coordinates. */
  toSvg(rect) {
    const m = this.svg.getScreenCTM().inverse();
    const p = new DOMPoint(rect.left, rect.top).matrixTransform(m);
    const q = new DOMPoint(rect.right, rect.bottom).matrixTransform(m);
    return {x: p.x, y: p.y, w: q.x - p.x, h: q.y - p.y};
  }

  _point(evt) {
    return new DOMPoint(evt.clientX, evt.clientY).matrixTransform(this.svg.getScreenCTM().inverse());
  }

  _wire() {
    let drag = null;
    this.host.addEventListener("wheel", (e) => {
      if (!this.svg) return;
      e.preventDefault();
      const p = this._point(e);
      this.zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, {passive: false});
    this.host.addEventListener("pointerdown", (e) => {
      if (!this.svg || e.button !== 0) return;
      drag = {x: e.clientX, y: e.clientY, box: {...this.box}, moved: false};
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (!drag.moved) return;
      const scale = drag.box.w / this.host.clientWidth;
      const s = Math.max(scale, drag.box.h / this.host.clientHeight);
      this.setBox({...drag.box, x: drag.box.x - dx * s, y: drag.box.y - dy * s});
      this.host.classList.add("dragging");
    });
    window.addEventListener("pointerup", () => {
      if (drag?.moved) this._justDragged = true;
      drag = null;
      this.host.classList.remove("dragging");
    });
    this.host.addEventListener("click", (e) => {
      if (this._justDragged) { this._justDragged = false; return; }
      let g = e.target.closest("g.node, g.cluster");
      // a unit box answers a click on its name only: its inside is the map's background
      if (g?.classList.contains("cluster") && e.target.nodeName !== "text") g = null;
      if (!g) { this.handlers.background?.(); return; }
      const key = g.querySelector(":scope > title")?.textContent.trim();
      const node = this.nodeInfo.get(key);
      if (node && (node.kind === "person" || node.kind === "team")) this.handlers.person?.(node);
      else if (node && node.kind === "group") this.handlers.group?.(node);
      else if (this.clusterInfo.has(key)) this.handlers.cluster?.(this.clusterInfo.get(key));
    });
  }
}

export {SVGNS, XLINK};
