/* The explanation of one edge in the side panel: every claim for it, and what
 * speaks against it (another relation, the child's other parents, unresolved
 * references like the parent, a cycle), from explorer/api/explain. `explorer.js`
 * calls LineageExplain.explain with its helpers when an edge is clicked.
 */
(function (global) {
  "use strict";

  async function explain({ $, html, api, hideTip, details }, child, parent) {
    hideTip();
    const box = $("#details");
    box.replaceChildren(html("p", `explaining ${child} ← ${parent}…`));
    let x;
    try {
      x = await api("explorer/api/explain", { child, parent });
    } catch (err) {
      box.replaceChildren(html("p", `could not explain: ${err.message}`, "error"));
      return;
    }
    const v = x.verdict;
    const rows = [html("h2", `${x.child} ← ${x.parent}`)];
    rows.push(html("p", v.related
      ? `${v.relation} · confidence ${v.confidence} (noisy-or of ${v.claims})` +
        `${v.inferred ? " · inferred" : ""}${v.conflict ? " · ⚠ conflict" : ""}${v.cycle ? " · ↺ cycle" : ""}`
      : "no claim links these models", "explain-verdict"));
    const claimList = (title, claims) => {
      if (!claims.length) return;
      rows.push(html("h3", title));
      const ul = html("ul", undefined, "explain-claims");
      for (const c of claims) {
        const li = html("li");
        li.append(html("span", c.relation, `rel-text rel-${c.relation}`),
          ` ${c.kind}${c.inferred ? " (inferred)" : ""} · ${c.confidence} · `,
          html("span", c.source, "tip-source"));
        li.append(html("div", c.value ? `“${c.value}”` : c.rule, "tip-value"));
        if (c.location) li.append(html("div", c.location, "tip-location"));
        ul.append(li);
      }
      rows.push(ul);
    };
    claimList("For", x.for);
    const a = x.against;
    claimList("Against: another relation", a.conflicts);
    const others = Object.entries(a.other_parents);
    if (others.length) {
      rows.push(html("h3", "The child's other parents"));
      const ul = html("ul", undefined, "explain-others");
      for (const [source, items] of others) {
        ul.append(html("li", `${source}: ${items.map((i) => `${i.parent} (${i.relation})`).join(", ")}`));
      }
      rows.push(ul);
    }
    if (a.unresolved.length) {
      rows.push(html("h3", "Unresolved references like the parent"));
      const ul = html("ul", undefined, "explain-unresolved");
      for (const u of a.unresolved) ul.append(html("li", `${u.text} (${u.why}; ${u.source})`));
      rows.push(ul);
    }
    if (a.parent_new_version) rows.push(html("p", `${x.parent} names ${x.child} as its new version`));
    if (a.reversed) rows.push(html("p", `${x.parent} also derives from ${x.child}: a cycle`, "tip-conflict"));
    const back = html("button", "back to the model");
    back.type = "button";
    back.addEventListener("click", details);
    rows.push(back);
    box.replaceChildren(...rows);
  }

  global.LineageExplain = { explain };
})(window);
