/* The lineage explorer: search a model, draw its ancestors and descendants.
 *
 * Talks only to this package's router (paths are relative, so the page works
 * under any mount prefix): explorer/api/suggest, explorer/api/graph,
 * explorer/api/group, explorer/api/formats, explorer/api/licences,
 * explorer/api/overview and export. The landing view (landing.js), the edge
 * explanation (explain.js) and the layout (layout.js) live in files of their own,
 * loaded before this one.
 */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const RELATIONS = ["finetune", "adapter", "quantized", "merge", "distillation", "unknown"];
  const PLURAL = {
    finetune: "fine-tunes", adapter: "adapters", quantized: "quantizations",
    merge: "merges", distillation: "distillations", unknown: "derivatives",
  };
  const PAGE = 30; // group members drawn per click (a column stays readable when fitted)
  const FONT = '12px "DejaVu Sans", Verdana, sans-serif';
  const SUB_FONT = '10px "DejaVu Sans", Verdana, sans-serif';

  const $ = (sel) => document.querySelector(sel);
  const state = {
    model: null, up: 50, down: 2, threshold: 50, relations: new Set(),
    data: null, nodes: new Map(), edges: [], groups: new Map(),
    view: { x: 20, y: 20, k: 1 }, fitted: false,
    licence: null, licenceEdges: new Map(),
  };
  const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
  const edgeKey = (parent, child) => `${parent.toLowerCase()}\u0000${child.toLowerCase()}`;

  // ---------------------------------------------------------------- helpers
  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function params() {
    // The same parameters as the /graph request, so the server reuses that selection.
    const p = { model: state.model, up: state.up, down: state.down,
                threshold: state.threshold };
    if (state.relations.size) p.relation = [...state.relations];
    return p;
  }

  function url(path, query) {
    const u = new URL(path, document.baseURI);
    for (const [k, v] of Object.entries(query)) {
      for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, item);
    }
    return u;
  }

  async function api(path, query) {
    const res = await fetch(url(path, query));
    if (!res.ok) {
      let msg = `HTTP ${res.status}`;
      try {
        const body = await res.json();
        msg = (body.error && body.error.message) || body.detail || msg;
        if (typeof msg !== "string") msg = JSON.stringify(msg);
      } catch (_) { /* not JSON: keep the status */ }
      throw new Error(msg);
    }
    return res.json();
  }

  function status(text, isError) {
    const s = $("#status");
    s.textContent = text;
    s.classList.toggle("error", !!isError);
  }

  const measure = (() => {
    const ctx = document.createElement("canvas").getContext("2d");
    return (text, font) => { ctx.font = font; return ctx.measureText(text).width; };
  })();

  // ---------------------------------------------------------------- search
  function setupSearch() {
    const input = $("#search");
    const list = $("#suggestions");
    let timer = null;
    let active = -1;
    const items = () => [...list.querySelectorAll("li")];
    const close = () => { list.hidden = true; active = -1; };
    const choose = (id) => { close(); input.value = id; focus(id); };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (!q) return close();
        const res = await api("explorer/api/suggest", { q, limit: 12 });
        list.replaceChildren(...res.results.map((id) => {
          const li = html("li", id);
          li.setAttribute("role", "option");
          li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(id); });
          return li;
        }));
        list.hidden = !res.results.length;
        active = -1;
      }, 120);
    });
    input.addEventListener("keydown", (ev) => {
      const li = items();
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!li.length) return;
        active = (active + (ev.key === "ArrowDown" ? 1 : -1) + li.length) % li.length;
        li.forEach((x, i) => x.setAttribute("aria-selected", i === active));
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        const pick = active >= 0 && li[active] ? li[active].textContent : input.value.trim();
        if (pick) choose(pick);
      } else if (ev.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  // ---------------------------------------------------------------- loading
  async function focus(model) {
    $("#landing").hidden = true;
    state.model = model;
    state.fitted = false;
    const h = new URLSearchParams({ model, up: state.up, down: state.down });
    history.replaceState(null, "", "#" + h.toString());
    await load();
  }

  async function load() {
    if (!state.model) return;
    status("loading…");
    try {
      const q = params();
      const data = await api("explorer/api/graph", q);
      state.data = data;
      state.nodes = new Map(data.nodes.map((n) => [n.id, n]));
      state.edges = data.edges;
      state.groups = new Map(data.groups.map((g) => [g.id, { ...g, loaded: 0 }]));
      $("#search").value = data.root;
      state.licence = null;
      state.licenceEdges = new Map();
      render();
      details();
      await loadLicences(data.root);
    } catch (err) {
      status(err.message, true);
    }
  }

  async function loadLicences(root) {
    let report;
    try {
      report = await api("explorer/api/licences", { model: root });
    } catch (err) {
      const box = $("#licences");
      if (box) box.replaceChildren(html("p", `licences: ${err.message}`, "empty"));
      return;
    }
    if (!state.data || state.data.root !== root) return; // another model was opened meanwhile
    state.licence = report;
    state.licenceEdges = new Map();
    for (const f of report.findings) {
      if (!f.edge) continue;
      const k = edgeKey(f.edge.parent, f.edge.child);
      const had = state.licenceEdges.get(k);
      if (!had || SEVERITY_RANK[f.severity] < SEVERITY_RANK[had]) state.licenceEdges.set(k, f.severity);
    }
    render();
    licencePanel();
  }

  async function expandGroup(gid) {
    const g = state.groups.get(gid);
    if (!g) return;
    status(`loading ${g.relation} children of ${g.parent}…`);
    try {
      const res = await api("explorer/api/group",
        { ...params(), group: gid, offset: g.loaded, limit: PAGE });
      for (const n of res.nodes) if (!state.nodes.has(n.id)) state.nodes.set(n.id, n);
      state.edges.push(...res.edges);
      g.loaded += res.nodes.length;
      state.fitted = false; // the drawing grew: fit it again
      const node = state.nodes.get(gid);
      if (g.loaded >= res.total) {
        state.nodes.delete(gid);
        state.edges = state.edges.filter((e) => e.target !== gid);
        state.groups.delete(gid);
      } else {
        const rest = res.total - g.loaded;
        node.label = `${rest.toLocaleString("en")} more ${PLURAL[g.relation] || g.relation}`;
        node.count = rest;
      }
      render();
    } catch (err) {
      status(err.message, true);
    }
  }

  // ---------------------------------------------------------------- drawing
  function sublabel(n) {
    if (n.kind === "group") return "click to expand";
    if (n.kind === "dataset") return "dataset";
    return (n.license || "licence unknown") + (n.placeholder ? " · no card" : "");
  }

  function render() {
    const nodes = [...state.nodes.values()];
    const sized = nodes.map((n) => ({
      id: n.id,
      // Group labels are bold (explorer.css): measure them so.
      w: Math.ceil(Math.max(measure(n.label, n.kind === "group" ? "bold " + FONT : FONT),
                            measure(sublabel(n), SUB_FONT))) + 24,
      h: 38,
    }));
    const edges = state.edges.filter((e) => state.nodes.has(e.source) && state.nodes.has(e.target));
    const lay = LineageLayout.layout(sized, edges);
    const gEdges = $("#edges");
    const gNodes = $("#nodes");
    gEdges.replaceChildren();
    gNodes.replaceChildren();
    edges.forEach((e, i) => drawEdge(gEdges, e, lay.routes[i]));
    for (const n of nodes) drawNode(gNodes, n, lay.pos.get(n.id));
    if (!state.fitted) { fit(lay); state.fitted = true; }
    applyView();
    updateExportLink();
    const groups = [...state.groups.values()];
    const folded = groups.reduce((s, g) => s + g.count - g.loaded, 0);
    let text = `${nodes.filter((n) => n.kind === "model").length} models · ${edges.length} edges`;
    if (groups.length) text += ` · ${folded.toLocaleString("en")} models in ${groups.length} group(s): click to expand`;
    if (state.data && state.data.depth_reduced) text += ` · ${state.data.down} level(s) down shown (large family): click a model to go deeper`;
    if (state.data && state.data.truncated) text += " · truncated";
    status(text);
  }

  function pathOf(pts) {
    let d = `M${pts[0].x},${pts[0].y}`;
    for (let i = 1; i < pts.length; i++) {
      const p = pts[i - 1];
      const q = pts[i];
      if (q.x > p.x) {
        const dx = (q.x - p.x) / 2;
        d += ` C${p.x + dx},${p.y} ${q.x - dx},${q.y} ${q.x},${q.y}`;
      } else { // a back edge (cycle): loop above
        d += ` C${p.x + 60},${p.y - 70} ${q.x - 60},${q.y - 70} ${q.x},${q.y}`;
      }
    }
    return d;
  }

  function drawEdge(parent, e, pts) {
    const rel = RELATIONS.includes(e.relation) ? e.relation : "unknown";
    const cls = ["edge", `rel-${rel}`];
    if (e.inferred) cls.push("inferred");
    if (e.conflict) cls.push("conflict");
    if (e.count) cls.push("group-edge");
    const d = pathOf(pts);
    const g = el("g", { class: "edge-wrap", "data-source": e.source, "data-target": e.target }, parent);
    const severity = state.licenceEdges.get(edgeKey(e.source, e.target));
    if (severity && severity !== "info") {
      g.classList.add(`licence-${severity}`);
      el("path", { class: `licence-halo sev-${severity}`, d }, g);
    }
    el("path", { class: cls.join(" "), d, "marker-end": `url(#arrow-${rel})` }, g);
    const hit = el("path", { class: "edge-hit", d }, g);
    hit.addEventListener("mouseenter", (ev) => showTip(ev, e));
    hit.addEventListener("mousemove", moveTip);
    hit.addEventListener("mouseleave", hideTip);
    if (!e.count) hit.addEventListener("click", () => explainEdge(e.target, e.source));
    if (e.conflict) {
      const mid = pts[Math.floor(pts.length / 2)];
      const prev = pts[Math.floor(pts.length / 2) - 1] || mid;
      const b = el("g", { class: "conflict-badge",
        transform: `translate(${(mid.x + prev.x) / 2},${(mid.y + prev.y) / 2})` }, g);
      el("circle", { r: 8 }, b);
      el("text", { "text-anchor": "middle", dy: "4" }, b).textContent = "!";
    }
  }

  function drawNode(parent, n, p) {
    const cls = ["node", `kind-${n.kind}`];
    if (n.placeholder) cls.push("placeholder");
    if (state.data && n.id === state.data.root) cls.push("root");
    const g = el("g", { class: cls.join(" "), transform: `translate(${p.x},${p.y - p.h / 2})`,
                        "data-id": n.id, tabindex: "0" }, parent);
    el("rect", { width: p.w, height: p.h, rx: n.kind === "group" ? 12 : 6 }, g);
    el("text", { class: "label", x: 12, y: 16 }, g).textContent = n.label;
    el("text", { class: "sub", x: 12, y: 30 }, g).textContent = sublabel(n);
    el("title", {}, g).textContent = n.kind === "group"
      ? `${n.label} of ${n.parent}: click to draw them`
      : `${n.id}\n${sublabel(n)}\nclick to explore from here`;
    const act = () => (n.kind === "group" ? expandGroup(n.id) : n.kind === "model" && focus(n.id));
    g.addEventListener("click", act);
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") act(); });
  }

  // ---------------------------------------------------------------- tooltip
  function showTip(ev, e) {
    const tip = $("#tooltip");
    const head = html("div", "", "tip-head");
    head.append(html("strong", e.relation, `rel-text rel-${e.relation}`),
      ` ${e.source} → ${e.target}`);
    const parts = [head];
    if (e.count) {
      parts.push(html("div", `${e.count.toLocaleString("en")} children folded into this group`));
    } else {
      const facts = [`confidence ${e.confidence}`, e.inferred ? "relation inferred" : "relation declared"];
      parts.push(html("div", facts.join(" · ")));
      if (e.conflict) parts.push(html("div", "⚠ conflict: the sources declare different relations", "tip-conflict"));
      const ul = html("ul");
      for (const ev2 of e.evidence) {
        const li = html("li");
        li.append(html("span", ev2.kind, "tip-kind"),
          ` ${ev2.relation}${ev2.inferred ? " (inferred)" : ""} · ${ev2.confidence} · source `,
          html("span", ev2.source, "tip-source"));
        if (ev2.location) li.append(html("div", ev2.location, "tip-location"));
        if (ev2.value) li.append(html("div", `“${ev2.value}”`, "tip-value"));
        ul.append(li);
      }
      parts.push(ul);
    }
    tip.replaceChildren(...parts);
    tip.hidden = false;
    moveTip(ev);
  }

  function moveTip(ev) {
    const tip = $("#tooltip");
    const x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = `${Math.max(4, x)}px`;
    tip.style.top = `${Math.max(4, y)}px`;
  }

  function hideTip() { $("#tooltip").hidden = true; }

  // ---------------------------------------------------------------- panel
  function details() {
    const d = state.data;
    const box = $("#details");
    const f = d.focus;
    const rows = [html("h2", f.id)];
    const dl = html("dl");
    const add = (k, v) => { if (v && (!Array.isArray(v) || v.length)) dl.append(html("dt", k), html("dd", Array.isArray(v) ? v.join(", ") : v)); };
    add("licence", f.license || "unknown");
    add("card", f.placeholder ? "none: a placeholder named by other cards" : "imported");
    add("library", f.library);
    add("pipeline", f.pipeline_tag);
    add("datasets", f.datasets);
    add("sources", f.sources);
    rows.push(dl);
    rows.push(html("h3", `Derived models (${d.down} level${d.down === 1 ? "" : "s"} down)`));
    const counts = html("ul", undefined, "counts");
    const entries = Object.entries(d.counts);
    if (!entries.length) counts.append(html("li", "none"));
    for (const [rel, n] of entries) {
      const li = html("li");
      li.append(html("span", "", `swatch rel-${rel}`), `${rel} `, html("b", n.toLocaleString("en")));
      counts.append(li);
    }
    rows.push(counts);
    const lic = html("div");
    lic.id = "licences";
    lic.append(html("h3", "Licences on the chain"), html("p", "reading licences…", "empty"));
    rows.push(lic);
    box.replaceChildren(...rows);
  }

  function modelLink(id) {
    const b = html("button", id, "linkish");
    b.type = "button";
    b.title = `explore ${id}`;
    b.addEventListener("click", () => focus(id));
    return b;
  }

  function licencePanel() {
    const box = $("#licences");
    const r = state.licence;
    if (!box || !r) return;
    const own = r.models.find((m) => m.model === r.model) || r.models[0];
    const parts = [html("h3", "Licences on the chain")];
    const dl = html("dl");
    const add = (k, v) => dl.append(html("dt", k), html("dd", v));
    const d = own.declared;
    add("declared", (d.declared || "none") + (d.license_name ? ` (${d.license_name})` : ""));
    add("declared in", own.declared_in.join(", ") || "—");
    add("effective", own.effective_license || "unknown");
    add("duties", own.obligations.length
      ? [...new Set(own.obligations.map((o) => `${o.kind} (${o.license})`))].join(", ") : "none");
    add("completeness", String(r.completeness.score));
    parts.push(dl);
    const list = html("ul");
    if (!r.findings.length) list.append(html("li", "no findings on this chain", "empty"));
    for (const f of r.findings) {
      const li = html("li", undefined, `finding sev-${f.severity}`);
      li.dataset.rule = f.rule;
      li.dataset.model = f.model;
      li.append(html("span", f.severity, "sev"));
      if (f.model !== r.model) li.append(modelLink(f.model), " ");
      li.append(html("span", f.message, "message"));
      list.append(li);
    }
    parts.push(html("h3", `Findings (${r.findings.length})`), list);
    box.replaceChildren(...parts);
  }

  // ------------------------------------------- landing view, edge explanation
  // Each in its own file (landing.js, explain.js), given the helpers they use.
  const showLanding = () => LineageLanding.show({ $, html, api, modelLink, state });
  const explainEdge = (child, parent) =>
    LineageExplain.explain({ $, html, api, hideTip, details }, child, parent);

  function setupLegend() {
    const box = $("#relations");
    for (const rel of RELATIONS) {
      const label = html("label", undefined, "legend-item");
      const cb = html("input");
      cb.type = "checkbox";
      cb.checked = true;
      cb.value = rel;
      cb.addEventListener("change", () => {
        const on = [...box.querySelectorAll("input:checked")].map((x) => x.value);
        state.relations = new Set(on.length === RELATIONS.length ? [] : on);
        load();
      });
      const svg = el("svg", { width: 34, height: 10 });
      el("line", { x1: 0, y1: 5, x2: 34, y2: 5, class: `edge rel-${rel}` }, svg);
      label.append(cb, svg, ` ${rel}`);
      box.append(label);
    }
  }

  // ---------------------------------------------------------------- export
  async function setupExport() {
    const select = $("#export-format");
    const res = await api("explorer/api/formats", {});
    for (const f of res.formats) {
      const o = html("option", `${f.name} (.${f.extension})`);
      o.value = f.name;
      o.title = f.description;
      select.append(o);
    }
    select.addEventListener("change", updateExportLink);
    updateExportLink();
  }

  function updateExportLink() {
    const a = $("#export-link");
    if (!state.model || !state.data) { a.removeAttribute("href"); return; }
    const q = { format: $("#export-format").value || "graphml", root: state.data.root,
                up: state.up, down: state.data.down, threshold: state.threshold, datasets: "false" };
    if (state.relations.size) q.relation = [...state.relations];
    // Groups the user opened completely are exported unfolded too.
    const open = state.data.groups.map((g) => g.id).filter((id) => !state.groups.has(id));
    if (open.length) q.expand = open;
    a.href = url("export", q).toString();
  }

  // ---------------------------------------------------------------- pan & zoom
  function applyView() {
    const v = state.view;
    $("#viewport").setAttribute("transform", `translate(${v.x},${v.y}) scale(${v.k})`);
  }

  function fit(lay) {
    const box = $("#graph").getBoundingClientRect();
    const k = Math.min(1.2, (box.width - 40) / Math.max(lay.width, 1), (box.height - 40) / Math.max(lay.height, 1));
    state.view.k = Math.max(0.15, k);
    state.view.x = (box.width - lay.width * state.view.k) / 2;
    state.view.y = (box.height - lay.height * state.view.k) / 2;
  }

  function setupPanZoom() {
    const svg = $("#graph");
    svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const r = svg.getBoundingClientRect();
      const v = state.view;
      const k = Math.min(4, Math.max(0.1, v.k * Math.exp(-ev.deltaY * 0.0015)));
      const px = ev.clientX - r.left;
      const py = ev.clientY - r.top;
      v.x = px - ((px - v.x) * k) / v.k;
      v.y = py - ((py - v.y) * k) / v.k;
      v.k = k;
      applyView();
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (ev) => {
      if (ev.target.closest(".node") || ev.target.closest(".edge-hit")) return;
      drag = { x: ev.clientX - state.view.x, y: ev.clientY - state.view.y };
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      state.view.x = ev.clientX - drag.x;
      state.view.y = ev.clientY - drag.y;
      applyView();
    });
    svg.addEventListener("pointerup", () => { drag = null; });
    $("#fit").addEventListener("click", () => { state.fitted = false; render(); });
  }

  // ---------------------------------------------------------------- start
  function setupControls() {
    for (const key of ["up", "down", "threshold"]) {
      const input = $("#" + key);
      input.value = state[key];
      input.addEventListener("change", () => {
        const v = parseInt(input.value, 10);
        if (Number.isFinite(v) && v >= (key === "threshold" ? 1 : 0)) { state[key] = v; load(); }
      });
    }
  }

  function fromHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    for (const key of ["up", "down", "threshold"]) {
      const v = parseInt(h.get(key), 10);
      if (Number.isFinite(v)) { state[key] = v; $("#" + key).value = v; }
    }
    return h.get("model");
  }

  document.addEventListener("DOMContentLoaded", async () => {
    setupSearch();
    setupLegend();
    setupControls();
    setupPanZoom();
    await setupExport().catch((err) => status(err.message, true));
    const model = fromHash();
    if (model) focus(model);
    else {
      status("Search a model to see what it is built on and what was built from it.");
      showLanding();
    }
    window.addEventListener("hashchange", () => {
      const m = fromHash();
      if (m && m !== state.model) focus(m);
    });
  });
})();
