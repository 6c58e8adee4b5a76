/* Layered layout of a small directed graph, parents left and children right.
 *
 * 1. Layering: longest path from the sources (Kahn's order; a cycle, which bad
 *    cards can make, is broken where the fewest parents are unplaced), then each
 *    source is pulled next to its nearest child so edges stay short.
 * 2. Edges spanning several layers get virtual nodes, one per layer crossed.
 * 3. Ordering: barycentric sweeps, down then up, to reduce crossings.
 * 4. Coordinates: one column per layer; rows packed, then nudged toward the
 *    neighbours' mean without breaking the order.
 */
(function (global) {
  "use strict";

  const GAP_X = 90;
  const GAP_Y = 10;
  const VIRTUAL_H = 6;
  const SWEEPS = 6;

  function rank(ids, edges) {
    const parents = new Map(ids.map((id) => [id, []]));
    const children = new Map(ids.map((id) => [id, []]));
    for (const e of edges) {
      children.get(e.source).push(e.target);
      parents.get(e.target).push(e.source);
    }
    const unplaced = new Map(ids.map((id) => [id, parents.get(id).length]));
    const r = new Map(ids.map((id) => [id, 0]));
    const done = new Set();
    let ready = ids.filter((id) => unplaced.get(id) === 0);
    while (done.size < ids.length) {
      if (!ready.length) {
        let best = null;
        for (const id of ids) {
          if (!done.has(id) && (best === null || unplaced.get(id) < unplaced.get(best))) best = id;
        }
        ready = [best];
      }
      const next = [];
      for (const id of ready) {
        if (done.has(id)) continue;
        done.add(id);
        for (const c of children.get(id)) {
          if (done.has(c)) continue; // the back edge of a cycle
          r.set(c, Math.max(r.get(c), r.get(id) + 1));
          unplaced.set(c, unplaced.get(c) - 1);
          if (unplaced.get(c) === 0) next.push(c);
        }
      }
      ready = next;
    }
    for (const id of ids) {
      const kids = children.get(id);
      if (!parents.get(id).length && kids.length) {
        r.set(id, Math.min(...kids.map((c) => r.get(c))) - 1);
      }
    }
    const low = Math.min(0, ...r.values());
    for (const id of ids) r.set(id, r.get(id) - low);
    return r;
  }

  /* nodes: [{id, w, h}], edges: [{source, target}] → {pos, routes, width, height} */
  function layout(nodes, edges) {
    const ids = nodes.map((n) => n.id);
    const size = new Map(nodes.map((n) => [n.id, n]));
    const r = rank(ids, edges);
    const layerCount = Math.max(0, ...r.values()) + 1;
    const layers = Array.from({ length: layerCount }, () => []);
    for (const id of ids) layers[r.get(id)].push(id);

    // Split long edges into unit segments through virtual nodes.
    const up = new Map(ids.map((id) => [id, []]));
    const down = new Map(ids.map((id) => [id, []]));
    const chains = edges.map((e, i) => {
      const span = r.get(e.target) - r.get(e.source);
      const chain = [e.source];
      for (let k = 1; k < span; k++) {
        const v = `\u0000v${i}:${k}`;
        layers[r.get(e.source) + k].push(v);
        r.set(v, r.get(e.source) + k);
        size.set(v, { id: v, w: 0, h: VIRTUAL_H, virtual: true });
        up.set(v, []);
        down.set(v, []);
        chain.push(v);
      }
      chain.push(e.target);
      if (span > 0) {
        for (let k = 1; k < chain.length; k++) {
          down.get(chain[k - 1]).push(chain[k]);
          up.get(chain[k]).push(chain[k - 1]);
        }
      }
      return chain;
    });

    const index = new Map();
    const reindex = (layer) => layer.forEach((id, i) => index.set(id, i));
    layers.forEach(reindex);
    const bary = (id, nbrs) => {
      const ns = nbrs.get(id);
      return ns.length ? ns.reduce((s, n) => s + index.get(n), 0) / ns.length : index.get(id);
    };
    for (let s = 0; s < SWEEPS; s++) {
      const order = s % 2 === 0 ? [...layers.keys()].slice(1) : [...layers.keys()].reverse().slice(1);
      const nbrs = s % 2 === 0 ? up : down;
      for (const l of order) {
        const keyed = layers[l].map((id) => [bary(id, nbrs), index.get(id), id]);
        keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        layers[l] = keyed.map((k) => k[2]);
        reindex(layers[l]);
      }
    }

    // Columns.
    const colX = [];
    const colW = [];
    let x = 0;
    for (const layer of layers) {
      colX.push(x);
      const w = Math.max(0, ...layer.map((id) => size.get(id).w));
      colW.push(w);
      x += w + GAP_X;
    }

    // Rows: pack each layer, then nudge toward the neighbours' mean, twice each way.
    const y = new Map();
    for (const layer of layers) {
      let top = 0;
      for (const id of layer) {
        const h = size.get(id).h;
        y.set(id, top + h / 2);
        top += h + GAP_Y;
      }
    }
    const place = (layer, nbrs) => {
      if (!layer.length) return;
      const want = layer.map((id) => {
        const ns = nbrs.get(id);
        return ns.length ? ns.reduce((s, n) => s + y.get(n), 0) / ns.length : y.get(id);
      });
      const got = [];
      layer.forEach((id, i) => {
        const h = size.get(id).h;
        const prev = i ? got[i - 1] + size.get(layer[i - 1]).h / 2 + GAP_Y + h / 2 : -Infinity;
        got.push(Math.max(want[i], prev));
      });
      // Packing only pushes down; shift back so the layer sits around what it wanted.
      const shift = want.reduce((s, w, i) => s + (got[i] - w), 0) / layer.length;
      layer.forEach((id, i) => y.set(id, got[i] - shift));
    };
    for (let pass = 0; pass < 4; pass++) {
      if (pass % 2 === 0) layers.slice(1).forEach((layer) => place(layer, up));
      else layers.slice(0, -1).reverse().forEach((layer) => place(layer, down));
    }

    let minY = Infinity;
    let maxY = -Infinity;
    for (const [id, cy] of y) {
      const h = size.get(id).h;
      minY = Math.min(minY, cy - h / 2);
      maxY = Math.max(maxY, cy + h / 2);
    }
    if (!isFinite(minY)) minY = maxY = 0;
    const pos = new Map();
    for (const id of ids) {
      const s = size.get(id);
      const l = r.get(id);
      // Real nodes are right-aligned in their column so edges into the next column are short.
      pos.set(id, { x: colX[l] + colW[l] - s.w, y: y.get(id) - minY, w: s.w, h: s.h });
    }
    const routes = chains.map((chain) => {
      const first = pos.get(chain[0]);
      const last = pos.get(chain[chain.length - 1]);
      const pts = [{ x: first.x + first.w, y: first.y }];
      for (const v of chain.slice(1, -1)) {
        const l = r.get(v);
        pts.push({ x: colX[l], y: y.get(v) - minY }, { x: colX[l] + colW[l], y: y.get(v) - minY });
      }
      pts.push({ x: last.x, y: last.y });
      return pts;
    });
    return { pos, routes, width: Math.max(0, x - GAP_X), height: maxY - minY };
  }

  global.LineageLayout = { layout, rank };
})(window);
