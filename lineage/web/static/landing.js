/* The explorer's landing view: what the graph holds, before any model is opened.
 *
 * Counts, recent imports, the largest families, licence findings and conflicts,
 * from explorer/api/overview and sources/recent. `explorer.js` calls
 * LineageLanding.show with its helpers; every model named links to its lineage.
 */
(function (global) {
  "use strict";

  async function show({ $, html, api, modelLink, state }) {
    const box = $("#landing");
    box.hidden = false;
    box.replaceChildren(html("p", "reading the graph…", "summary"));
    let o, recent;
    try {
      // Recent imports are read fresh (the overview is cached); a store that cannot list
      // them leaves the section empty rather than the page.
      [o, recent] = await Promise.all([api("explorer/api/overview", { limit: 10 }),
        api("sources/recent", { limit: 10 }).catch(() => ({ items: [] }))]);
    } catch (err) {
      box.replaceChildren(html("p", err.message, "summary"));
      return;
    }
    if (state.model) return; // the user opened a model meanwhile
    const s = o.stats;
    const head = [html("h2", "What is in this graph"),
      html("p", `${s.models.toLocaleString("en")} models (${s.placeholders.toLocaleString("en")} placeholders) · `
        + `${s.edges.toLocaleString("en")} edges · ${s.sources.toLocaleString("en")} sources`
        + (o.completeness_mean === null ? "" : ` · mean provenance completeness ${o.completeness_mean}`)
        + ". Click a model to draw its lineage.", "summary")];
    const section = (id, title, items, row) => {
      const sec = html("section");
      sec.id = id;
      sec.append(html("h3", title));
      if (!items.length) { sec.append(html("p", "none", "empty")); return sec; }
      const ol = html("ol");
      for (const item of items) { const li = html("li"); row(li, item); ol.append(li); }
      sec.append(ol);
      return sec;
    };
    const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const cards = html("div", undefined, "cards");
    cards.append(
      section("landing-recent", "Recent imports", recent.items, (li, r) => {
        const when = html("time", r.imported_at.replace("T", " ").slice(0, 16) + " UTC", "meta");
        when.dateTime = r.imported_at;
        li.dataset.source = r.source;
        li.title = `${r.source}, imported ${r.imported_at}`;
        li.append(modelLink(r.model), html("span", r.kind, "meta"), when);
      }),
      section("landing-families", "Largest families", o.families, (li, f) => {
        li.append(modelLink(f.root), html("span", `${f.models.toLocaleString("en")} derived models`, "meta"));
      }),
      section("landing-findings", `Models with licence findings (${o.licence_findings.count} findings)`,
        o.licence_findings.items, (li, m) => {
          const sev = m.error ? "error" : m.warning ? "warning" : "info";
          li.className = `sev-${sev}`;
          li.append(modelLink(m.model), html("span",
            [m.error && count(m.error, "error"), m.warning && count(m.warning, "warning"),
             m.info && `${m.info} info`].filter(Boolean).join(", ") + ` · ${m.rules.join(", ")}`, "meta"));
        }),
      section("landing-licence-families", "Families with the most licence findings", o.licence_families, (li, f) => {
        li.append(modelLink(f.root), html("span",
          `${count(f.error, "error")}, ${count(f.warning, "warning")} in ${count(f.models.length, "model")}`, "meta"));
      }),
      section("landing-conflicts", `Conflicts (${o.conflicts.count})`, o.conflicts.items, (li, c) => {
        li.append(modelLink(c.child), html("span", c.kind === "relation"
          ? `sources disagree on the relation to ${c.parent}` : "sources name different parents", "meta"));
      }),
    );
    const notes = o.notes.map((n) => html("p", n, "summary"));
    box.replaceChildren(...head, cards, ...notes);
  }

  global.LineageLanding = { show };
})(window);
