// The interactive graph page of ceasefire-kg.
// Every text that comes from the data goes into the page through textContent or setAttribute, never
// innerHTML: labels, quotes and titles are the sources' words and may contain anything.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const DATED = new Set(data.dated_kinds);
  const DIM = 0.12;
  const BIG = data.meta.fixed_layout;
  const MAX_LINKS_SHOWN = 60;
  const MAX_RESULTS = 12;
  const MAX_EDGE_LABELS = 60;
  // Links that say where a fact comes from or what it is about: listed last, their quotes folded.
  const SECONDARY = new Set(["reportedBy", "about"]);

  const kindInfo = new Map(data.kinds.map((k) => [k.kind, k]));
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const nodeByIri = new Map(data.nodes.map((n) => [n.iri, n]));
  const adjacent = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    adjacent.get(e.from).push(e);
    if (e.to !== e.from) adjacent.get(e.to).push(e);
  }

  // -- small DOM helpers ------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function safeHref(url) {
    // Only web links: a javascript: or data: URL in the data must never become a link.
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function link(text, url) {
    const href = safeHref(url);
    return href ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: text })
      : el("span", { text: text });
  }

  function number(n) {
    return Number(n).toLocaleString("en");
  }

  function words(type) {
    return type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  }

  function shapeIcon(shape, color, size) {
    const s = size || 14;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", s);
    svg.setAttribute("height", s);
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("aria-hidden", "true");
    let shapeEl;
    const points = {
      triangle: "7,1.5 13,12.5 1,12.5",
      triangleDown: "1,1.5 13,1.5 7,12.5",
      diamond: "7,0.8 13.2,7 7,13.2 0.8,7",
      star: "7,0.8 8.8,5 13.3,5.3 9.8,8.2 11,12.8 7,10.3 3,12.8 4.2,8.2 0.7,5.3 5.2,5",
      hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7",
    };
    if (shape === "square") {
      shapeEl = document.createElementNS(SVG, "rect");
      shapeEl.setAttribute("x", "1.5");
      shapeEl.setAttribute("y", "1.5");
      shapeEl.setAttribute("width", "11");
      shapeEl.setAttribute("height", "11");
    } else if (points[shape]) {
      shapeEl = document.createElementNS(SVG, "polygon");
      shapeEl.setAttribute("points", points[shape]);
    } else {
      shapeEl = document.createElementNS(SVG, "circle");
      shapeEl.setAttribute("cx", "7");
      shapeEl.setAttribute("cy", "7");
      shapeEl.setAttribute("r", "5.8");
    }
    shapeEl.setAttribute("fill", color);
    shapeEl.setAttribute("stroke", "rgba(0,0,0,0.35)");
    shapeEl.setAttribute("stroke-width", "0.8");
    svg.append(shapeEl);
    return svg;
  }

  function markIcon(fill, stroke, dashed) {
    const svg = shapeIcon(kindInfo.get("event").shape, fill, 16);
    const shapeEl = svg.firstChild;
    shapeEl.setAttribute("stroke", stroke);
    shapeEl.setAttribute("stroke-width", dashed ? "1.2" : "2");
    if (dashed) shapeEl.setAttribute("stroke-dasharray", "2 1.5");
    return svg;
  }

  function lineIcon(dashed, color) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1");
    line.setAttribute("y1", "5");
    line.setAttribute("x2", "22");
    line.setAttribute("y2", "5");
    line.setAttribute("stroke", color);
    line.setAttribute("stroke-width", "1.6");
    if (dashed) line.setAttribute("stroke-dasharray", dashed === "dotted" ? "1.5 2.5" : "4 3");
    const head = document.createElementNS(SVG, "polygon");
    head.setAttribute("points", "21,1.5 27,5 21,8.5");
    head.setAttribute("fill", color);
    svg.append(line, head);
    return svg;
  }

  // -- filters ----------------------------------------------------------------------------------------

  const state = { kinds: new Set(data.kinds.map((k) => k.kind)), since: "", until: "", selected: null };
  let shown = new Set(data.nodes.map((n) => n.id));

  function dateBounds(date) {
    const parts = date.split("/");
    return [parts[0], parts[1] || parts[0]];
  }

  // The days a node speaks of: each account's day, range or period for an event, else its own date.
  function spansOf(n) {
    const spans = (n.acc || []).flatMap((a) => a.sp);
    return spans.length ? spans : (n.date ? [dateBounds(n.date)] : []);
  }

  function overlaps(span) {
    return !(state.since && span[1] < state.since) && !(state.until && span[0] > state.until);
  }

  function passes(n) {
    if (!state.kinds.has(n.kind)) return false;
    if (DATED.has(n.kind) && (state.since || state.until)) {
      const spans = spansOf(n);
      // An event is in the window when any of its accounts is: a period overlaps it, a range may lie in it.
      if (spans.length && !spans.some(overlaps)) return false;
    }
    return true;
  }

  // An event no account says occurred: planned, conditional, cancelled or denied only.
  function notOccurred(n) {
    return n.kind === "event" && n.statuses !== undefined && !n.statuses.split("; ").includes("occurred");
  }

  // -- the network ----------------------------------------------------------------------------------

  const VIS_NODE = ["id", "label", "group", "shape", "size", "x", "y", "color", "borderWidth", "shapeProperties"];
  const VIS_EDGE = ["id", "from", "to", "arrows", "dashes", "color", "width"];
  function pick(item, keys) {
    const out = {};
    for (const key of keys) if (item[key] !== undefined) out[key] = item[key];
    return out;
  }
  // Filters hide nodes (vis-network then hides their links too) rather than remove them: removing thousands
  // of nodes one event at a time takes seconds at 10,000 nodes, one batch of "hidden" flags does not.
  const nodes = new vis.DataSet(data.nodes.map((n) => pick(n, VIS_NODE)));
  // A large graph's links are drawn by the page in one path per style (below): vis-network strokes each link
  // on its own, which takes over a second per frame for 36,000 links in Chromium without a GPU.
  const edges = new vis.DataSet(BIG ? [] : data.edges.map((e) => pick(e, VIS_EDGE)));
  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  function markReady() {
    if (document.body.dataset.ready !== "true") {
      document.body.dataset.ready = "true";
      document.dispatchEvent(new CustomEvent("graph-ready"));
    }
  }
  if (data.options.physics && data.options.physics.enabled !== false) {
    network.once("stabilizationIterationsDone", () => {
      // Settled: stop the simulation so that the drawing stays where the analyst looks at it.
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", markReady);
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  function edgeText(e) {
    const relation = data.relations[e.relation];
    return relation.label + (e.alternative ? " (one of)" : "");
  }

  function linkStyle(e) {
    if (e.relation === "reportedBy") return "report";
    if (e.relation === "attribution") return e.alternative ? "alternative" : "attribution";
    if (e.relation === "deniedAttribution") return "denied";
    return "link";
  }

  // Thin and translucent: at 10,000 nodes the links are a texture, and the nodes must stay visible on it.
  const STROKES = {
    link: { colour: data.styles.link, width: 0.6, dash: [], alpha: 0.35 },
    report: { colour: data.styles.report, width: 0.5, dash: [], alpha: 0.3 },
    attribution: { colour: data.styles.attribution, width: 0.6, dash: [], alpha: 0.3 },
    alternative: { colour: data.styles.attribution, width: 0.6, dash: [4, 3], alpha: 0.3 },
    denied: { colour: data.styles.attribution, width: 0.6, dash: [1, 3], alpha: 0.3 },
  };

  function strokeLinks(ctx, links, colourOf, widthScale) {
    const body = network.body;
    const scale = network.getScale();
    const byStyle = new Map();
    for (const e of links) {
      const style = linkStyle(e);
      if (!byStyle.has(style)) byStyle.set(style, []);
      byStyle.get(style).push(e);
    }
    ctx.save();
    for (const [style, list] of byStyle) {
      const stroke = STROKES[style];
      ctx.beginPath();
      for (const e of list) {
        const a = body.nodes[e.from];
        const b = body.nodes[e.to];
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
      }
      ctx.lineWidth = (stroke.width * widthScale) / scale;
      ctx.globalAlpha = widthScale > 1 ? 1 : stroke.alpha;
      ctx.strokeStyle = colourOf(stroke);
      ctx.setLineDash(stroke.dash.map((d) => d / scale));
      ctx.stroke();
    }
    ctx.restore();
  }

  if (BIG) {
    network.on("beforeDrawing", (ctx) => {
      strokeLinks(ctx, data.edges.filter((e) => shown.has(e.from) && shown.has(e.to)), (s) => s.colour, 1);
    });
  }

  // Neighbourhood highlight: after vis-network has drawn everything, veil it and draw the selected node,
  // its links and its neighbours again on top. Nothing in the data sets changes, so it costs one redraw
  // whatever the size of the graph (changing the opacity of 10,000 nodes costs seconds).
  let focusSet = null;
  function highlight(id) {
    const links = adjacent.get(id).filter((e) => shown.has(e.from) && shown.has(e.to));
    const neighbours = new Set(links.map((e) => (e.from === id ? e.to : e.from)));
    neighbours.delete(id);
    focusSet = { id: id, nodes: [...neighbours, id], edges: links };
    network.redraw();
  }

  function unhighlight() {
    if (focusSet === null) return;
    focusSet = null;
    network.redraw();
  }

  network.on("afterDrawing", (ctx) => {
    if (focusSet === null) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(255, 255, 255, 0.82)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    const body = network.body;
    if (BIG) strokeLinks(ctx, focusSet.edges, () => data.styles.selected, 2);
    else for (const e of focusSet.edges) if (body.edges[e.id]) body.edges[e.id].draw(ctx);
    for (const n of focusSet.nodes) if (body.nodes[n]) body.nodes[n].draw(ctx);
    ctx.save();
    ctx.font = "11px system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
    ctx.fillStyle = "#4a5263";
    const scale = network.getScale();
    // Words on a few links help; on a hub's thousands they are a smudge (the side panel lists them).
    for (const e of focusSet.edges.length <= MAX_EDGE_LABELS ? focusSet.edges : []) {
      const edge = body.edges[e.id];
      const middle = edge && edge.edgeType && edge.edgeType.getPoint ? edge.edgeType.getPoint(0.5)
        : { x: (body.nodes[e.from].x + body.nodes[e.to].x) / 2, y: (body.nodes[e.from].y + body.nodes[e.to].y) / 2 };
      const text = edgeText(e);
      // Keep the words 11 pixels high on screen whatever the zoom.
      ctx.save();
      ctx.translate(middle.x, middle.y);
      ctx.scale(1 / scale, 1 / scale);
      ctx.strokeText(text, 0, 0);
      ctx.fillText(text, 0, 0);
      ctx.restore();
    }
    ctx.restore();
  });

  // -- tooltip ----------------------------------------------------------------------------------------

  const tooltip = document.getElementById("tooltip");
  function showTooltip(lines, pointer) {
    tooltip.replaceChildren(el("strong", { text: lines[0] }), ...lines.slice(1).map(
      (line) => el("div", { class: "meta", text: line })));
    const box = container.getBoundingClientRect();
    tooltip.hidden = false;
    const x = Math.min(box.left + pointer.x + 14, window.innerWidth - tooltip.offsetWidth - 8);
    const y = Math.min(box.top + pointer.y + 14, window.innerHeight - tooltip.offsetHeight - 8);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function nodeLines(n) {
    const lines = [n.name, words(n.type) + (n.date ? " · " + n.date.replace("/", " to ") : "")];
    if (n.count !== undefined) lines.push("count: " + number(n.count));
    if (n.status) lines.push("status: " + n.status + (n.statuses && n.statuses !== n.status ? " (accounts: " +
      n.statuses + ")" : ""));
    if (n.reported_by) lines.push("reported by: " + n.reported_by);
    if (n.accounts > 1) lines.push(number(n.accounts) + " accounts");
    if (n.disputed) lines.push("accounts disagree on: " + n.disputed_on);
    return lines;
  }

  function edgeLines(e) {
    const lines = [nodeById.get(e.from).name + " → " + edgeText(e) + " → " + nodeById.get(e.to).name];
    if (e.alternative) lines.push("one of several candidates; the source does not say which");
    if (e.reported_by) lines.push("reported by: " + e.reported_by);
    return lines;
  }

  // Our own hover: find what is under the pointer without asking vis-network to redraw.
  let hoverPending = false;
  let lastPointer = null;
  container.addEventListener("mousemove", (event) => {
    const box = container.getBoundingClientRect();
    lastPointer = { x: event.clientX - box.left, y: event.clientY - box.top };
    if (hoverPending) return;
    hoverPending = true;
    requestAnimationFrame(() => {
      hoverPending = false;
      const nodeId = network.getNodeAt(lastPointer) ?? nearestNode(network.DOMtoCanvas(lastPointer), 6) ?? undefined;
      const edgeId = nodeId === undefined ? network.getEdgeAt(lastPointer) : undefined;
      if (nodeId !== undefined && shown.has(nodeId)) {
        showTooltip(nodeLines(nodeById.get(nodeId)), lastPointer);
        container.style.cursor = "pointer";
      } else if (edgeId !== undefined && edgeById.has(edgeId)) {
        showTooltip(edgeLines(edgeById.get(edgeId)), lastPointer);
        container.style.cursor = "pointer";
      } else {
        tooltip.hidden = true;
        container.style.cursor = "";
      }
    });
  });
  container.addEventListener("mouseleave", () => { tooltip.hidden = true; });
  network.on("dragStart", () => { tooltip.hidden = true; });
  network.on("zoom", () => { tooltip.hidden = true; });

  // -- side panel -------------------------------------------------------------------------------------

  const panel = document.getElementById("panel");

  function placeholder() {
    panel.replaceChildren(
      el("p", { class: "placeholder", text: "Click a node to see what the sources say about it: its evidence " +
        "quotes, the source they come from, and everything it is linked to." }),
      el("p", { class: "placeholder", text: "Hover a node or a link for a summary; double-click a node to zoom " +
        "in on it; search by name on the left." }));
  }

  function quoteFigure(q) {
    const [sourceIndex, exact, start, end, article, url] = q;
    const source = data.sources[sourceIndex] || { title: "unknown source" };
    const quote = exact !== null
      ? el("blockquote", { text: exact })
      : el("blockquote", { class: "article", text: article || "" });
    const caption = el("figcaption", {}, link(source.title, url || source.url));
    caption.firstChild.classList.add("source");
    if (source.publisher) caption.append(" · " + source.publisher);
    if (source.date) caption.append(" · " + source.date.replace("/", " to "));
    if (start !== null && end !== null) caption.append(" · characters " + number(start) + "–" + number(end));
    return el("figure", { class: "quote" }, quote, caption);
  }

  function evidenceBlock(quotes, open) {
    if (!quotes || quotes.length === 0) return null;
    const figures = quotes.map(quoteFigure);
    if (open) return el("div", {}, ...figures);
    return el("details", { class: "evidence" },
      el("summary", { text: quotes.length === 1 ? "1 quote" : quotes.length + " quotes" }), ...figures);
  }

  function badges(n) {
    const info = kindInfo.get(n.kind);
    const row = el("div", {});
    const kind = el("span", { class: "badge" }, el("span", { class: "dot" }), words(n.type));
    kind.firstChild.style.background = info.color;
    row.append(kind);
    if (n.date) row.append(el("span", { class: "badge", text: n.date.replace("/", " to ") }));
    if (n.count !== undefined) row.append(el("span", { class: "badge", text: "count " + number(n.count) }));
    if (n.status) row.append(el("span", { class: "badge", text: n.status }));
    if (n.accounts !== undefined) {
      row.append(el("span", { class: "badge", text: n.accounts === 1 ? "1 account" : number(n.accounts) + " accounts" }));
    }
    if (n.disputed) {
      row.append(el("span", { class: "badge disputed", title: "The accounts give different values",
        text: "disputed: " + n.disputed_on }));
    }
    return row;
  }

  function nodeButton(n) {
    return el("button", { class: "node-link", type: "button", text: n.name, onclick: () => select(n.id, true) });
  }

  function linkGroups(n) {
    const groups = new Map();
    for (const e of adjacent.get(n.id)) {
      const outgoing = e.from === n.id;
      const relation = data.relations[e.relation];
      const heading = (outgoing ? relation.label : relation.inverse) + (e.alternative ? " one of" : "");
      const key = (SECONDARY.has(e.relation) ? "1" : "0") + heading;
      if (!groups.has(key)) groups.set(key, { heading: heading, relation: e.relation, items: [] });
      groups.get(key).items.push({ edge: e, other: nodeById.get(outgoing ? e.to : e.from) });
    }
    return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map((entry) => entry[1]);
  }

  function linksSection(n) {
    const groups = linkGroups(n);
    if (groups.length === 0) return null;
    const list = el("ul", { class: "links" });
    for (const group of groups) {
      const open = !SECONDARY.has(group.relation) && group.items.length <= 8;
      const items = el("ul", { class: "links" });
      for (const { edge, other } of group.items.slice(0, MAX_LINKS_SHOWN)) {
        const item = el("li", {}, nodeButton(other));
        if (other.date) item.append(el("span", { class: "date", text: other.date.replace("/", " to ") }));
        if (!shown.has(other.id)) item.append(el("span", { class: "date", text: "(hidden by the filters)" }));
        if (edge.reported_by) item.append(el("div", { class: "relation", text: "reported by " + edge.reported_by }));
        // A link from a relationship carries its own evidence; otherwise the fact at the other end does.
        const quotes = edge.ev && edge.ev.length ? edge.ev : (DATED.has(other.kind) ? other.ev : null);
        const block = evidenceBlock(quotes, open);
        if (block) item.append(block);
        items.append(item);
      }
      const li = el("li", {}, el("div", { class: "relation", text: group.heading + " · " + number(group.items.length) }));
      if (group.items.some((i) => i.edge.alternative)) {
        li.append(el("div", { class: "one-of", text: "one of several candidates; the source does not say which" }));
      }
      li.append(items);
      if (group.items.length > MAX_LINKS_SHOWN) {
        li.append(el("div", { class: "relation", text: "and " + number(group.items.length - MAX_LINKS_SHOWN) +
          " more" }));
      }
      list.append(li);
    }
    return el("div", {}, el("h3", { text: "Links" }), list);
  }

  // The accounts of an event side by side: one row per account, its quotes in the row below it.
  function accountsTable(n) {
    const head = el("tr", {}, ...["Reporter", "Source", "Status", "Date", "Count"].map((h) => el("th", { text: h })));
    const body = el("tbody", {});
    for (const a of n.acc) {
      const reporter = a.ri ? nodeByIri.get(a.ri) : null;
      const source = a.s !== null && a.s !== undefined ? data.sources[a.s] : null;
      const sourceCell = el("td", { class: "source" }, source ? link(source.title, source.url) : el("span", { text: "unknown" }));
      if (a.sd) sourceCell.append(el("div", { class: "date", text: a.sd }));
      const row = el("tr", { class: "account" },
        el("td", { class: "reporter" }, reporter ? nodeButton(reporter) : el("span", { text: a.r || "unknown" })),
        sourceCell,
        el("td", { class: "status status-" + (a.st || "none"), text: a.st || "" }),
        el("td", { text: a.d || "" }),
        el("td", { text: a.c || "" }));
      body.append(row);
      const quotes = a.q.map((i) => n.ev[i]).filter((q) => q !== undefined);
      const more = el("td", { colspan: "5" });
      for (const line of a.x) more.append(el("div", { class: "extra", text: line }));
      const block = evidenceBlock(quotes, n.acc.length <= 4);
      if (block) more.append(block);
      if (more.childNodes.length) body.append(el("tr", { class: "account-quotes" }, more));
    }
    return el("table", { class: "accounts" }, el("thead", {}, head), body);
  }

  function showNode(n) {
    const close = el("button", { class: "close", type: "button", "aria-label": "Close", text: "×",
      onclick: clearSelection });
    const parts = [close, el("h2", { text: n.name }), badges(n)];
    if (!shown.has(n.id)) parts.push(el("p", { class: "note", text: "Hidden by the filters on the left." }));
    const facts = el("dl", {});
    const accounts = n.acc && n.acc.length;
    if (n.reported_by && !accounts) facts.append(el("dt", { text: "Reported by" }), el("dd", { text: n.reported_by }));
    for (const [heading, text, href] of n.det || []) {
      facts.append(el("dt", { text: heading }), el("dd", {}, href ? link(text, href) : text));
    }
    facts.append(el("dt", { text: "Id" }), el("dd", { class: "iri", text: n.iri }));
    if (accounts) {
      const heading = n.acc.length === 1 ? "Account" : "Accounts (" + number(n.acc.length) + ", side by side)";
      parts.push(el("h3", { text: heading }));
      if (n.disputed) {
        parts.push(el("p", { class: "note disputed-note", text: "The accounts disagree on: " + n.disputed_on + "." }));
      }
      parts.push(accountsTable(n));
    }
    parts.push(facts);
    if (!accounts && n.ev && n.ev.length) parts.push(el("h3", { text: "Evidence" }), evidenceBlock(n.ev, true));
    const links = linksSection(n);
    if (links) parts.push(links);
    panel.replaceChildren(...parts);
    panel.scrollTop = 0;
  }

  function showEdge(e) {
    const from = nodeById.get(e.from);
    const to = nodeById.get(e.to);
    const close = el("button", { class: "close", type: "button", "aria-label": "Close", text: "×",
      onclick: clearSelection });
    const parts = [close, el("h2", {}, nodeButton(from), " " + edgeText(e) + " ", nodeButton(to))];
    if (e.alternative) {
      parts.push(el("p", { class: "note", text: "One of several candidates: the source says one of them did " +
        "it, not which." }));
    }
    if (e.reported_by) parts.push(el("dl", {}, el("dt", { text: "Reported by" }), el("dd", { text: e.reported_by })));
    const quotes = e.ev && e.ev.length ? e.ev : (DATED.has(from.kind) ? from.ev : null);
    if (quotes && quotes.length) parts.push(el("h3", { text: "Evidence" }), evidenceBlock(quotes, true));
    panel.replaceChildren(...parts);
  }

  // -- selection --------------------------------------------------------------------------------------

  function select(id, focus) {
    const n = nodeById.get(id);
    if (!n) return;
    state.selected = id;
    showNode(n);
    if (shown.has(id)) {
      network.selectNodes([id]);
      highlight(id);
      if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350 } });
    } else {
      network.unselectAll();
      unhighlight();
    }
    markTimeline();
  }

  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    unhighlight();
    placeholder();
    markTimeline();
  }

  // The node nearest to a click, within a few pixels: at the zoom that shows 10,000 nodes they are specks.
  function nearestNode(point, pixels) {
    const scale = network.getScale();
    let best = null;
    let bestDistance = (pixels / scale) ** 2;
    for (const id of shown) {
      const node = network.body.nodes[id];
      const distance = (node.x - point.x) ** 2 + (node.y - point.y) ** 2;
      if (distance <= bestDistance) {
        best = id;
        bestDistance = distance;
      }
    }
    return best;
  }

  network.on("click", (params) => {
    tooltip.hidden = true;
    const hit = params.nodes.filter((id) => shown.has(id))[0] ??
      (params.edges.length ? null : nearestNode(params.pointer.canvas, 8));
    if (hit !== null && hit !== undefined) select(hit, false);
    else if (params.edges.length) {
      unhighlight();
      state.selected = null;
      showEdge(edgeById.get(params.edges[0]));
      markTimeline();
    } else clearSelection();
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) network.focus(params.nodes[0], { scale: 1.6, animation: { duration: 350 } });
  });

  // -- legend and kind filter -------------------------------------------------------------------------

  const legend = document.getElementById("legend");
  const counts = new Map();
  for (const k of data.kinds) {
    const count = el("span", { class: "count" });
    counts.set(k.kind, count);
    const box = el("input", { type: "checkbox", "data-kind": k.kind, checked: "checked" });
    box.addEventListener("change", () => {
      if (box.checked) state.kinds.add(k.kind);
      else state.kinds.delete(k.kind);
      applyFilters();
    });
    legend.append(el("li", {}, el("label", {}, box, shapeIcon(k.shape, k.color), el("span", { text: k.name }), count)));
  }
  const markLegend = document.getElementById("mark-legend");
  const eventKind = kindInfo.get("event");
  markLegend.append(
    el("li", { "data-mark": "disputed" }, markIcon(eventKind.color, data.styles.disputed, false),
      el("span", { text: "disputed: its accounts disagree (status, date, a figure, place or perpetrators)" })),
    el("li", { "data-mark": "not-occurred" }, markIcon(data.styles.hollow, eventKind.color, true),
      el("span", { text: "hollow: no account says it occurred (planned, conditional, cancelled, denied)" })));
  const edgeLegend = document.getElementById("edge-legend");
  edgeLegend.append(
    el("li", {}, lineIcon(false, "#7d8799"), el("span", { text: "a link; select a node to read its links" })),
    el("li", {}, lineIcon(true, "#b4462d"), el("span", { text: "attributed to one of several candidates" })),
    el("li", {}, lineIcon("dotted", "#b4462d"), el("span", { text: "denied of: said not to have carried it out" })),
    el("li", {}, lineIcon(false, "#cfd4dc"), el("span", { text: "reported by (who says so)" })));

  // -- date filter ------------------------------------------------------------------------------------

  const since = document.getElementById("since");
  const until = document.getElementById("until");
  if (data.meta.date_span) {
    for (const input of [since, until]) {
      input.min = data.meta.date_span[0];
      input.max = data.meta.date_span[1];
    }
    since.placeholder = data.meta.date_span[0];
    until.placeholder = data.meta.date_span[1];
  }
  function readDates() {
    state.since = since.value || "";
    state.until = until.value || "";
    applyFilters();
  }
  since.addEventListener("change", readDates);
  until.addEventListener("change", readDates);
  document.getElementById("reset-dates").addEventListener("click", () => {
    since.value = "";
    until.value = "";
    readDates();
  });

  function applyFilters() {
    const before = shown;
    shown = new Set(data.nodes.filter(passes).map((n) => n.id));
    const changed = data.nodes.filter((n) => before.has(n.id) !== shown.has(n.id))
      .map((n) => ({ id: n.id, hidden: !shown.has(n.id) }));
    if (changed.length) nodes.update(changed);
    const visible = new Map();
    for (const id of shown) {
      const kind = nodeById.get(id).kind;
      visible.set(kind, (visible.get(kind) || 0) + 1);
    }
    for (const k of data.kinds) {
      const total = data.meta.kind_counts[k.kind] || 0;
      const now = visible.get(k.kind) || 0;
      counts.get(k.kind).textContent = now === total ? number(total) : number(now) + " / " + number(total);
      counts.get(k.kind).closest("li").classList.toggle("empty", total === 0);
    }
    document.getElementById("empty").hidden = shown.size > 0;
    if (state.selected !== null) select(state.selected, false);
    drawTimeline();
  }

  // -- search -----------------------------------------------------------------------------------------

  const searchIndex = data.nodes.map((n) => {
    const aliases = (n.det || []).filter((d) => d[0] === "Also called").map((d) => d[1]);
    return { id: n.id, name: n.name.toLowerCase(), text: [n.name, ...aliases, n.iri.split("/").pop()]
      .join("\n").toLowerCase() };
  });
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  let firstResult = null;
  search.addEventListener("input", () => {
    const query = search.value.trim().toLowerCase();
    results.replaceChildren();
    firstResult = null;
    if (!query) return;
    const found = searchIndex.filter((entry) => entry.text.includes(query));
    found.sort((a, b) => (b.name.startsWith(query) - a.name.startsWith(query)) ||
      (nodeById.get(b.id).size - nodeById.get(a.id).size) || a.name.localeCompare(b.name));
    for (const entry of found.slice(0, MAX_RESULTS)) {
      const n = nodeById.get(entry.id);
      const info = kindInfo.get(n.kind);
      results.append(el("li", {}, el("button", { type: "button", onclick: () => select(n.id, true) },
        shapeIcon(info.shape, info.color, 11), el("span", { text: n.name }))));
    }
    if (found.length) firstResult = found[0].id;
    if (found.length > MAX_RESULTS) {
      results.append(el("li", { class: "more", text: number(found.length - MAX_RESULTS) + " more; type more" }));
    }
    if (!found.length) results.append(el("li", { class: "more", text: "no match" }));
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && firstResult !== null) select(firstResult, true);
  });

  // -- timeline ---------------------------------------------------------------------------------------

  const rows = document.getElementById("timeline-rows");
  const axis = document.getElementById("timeline-axis");
  const ROW = 18;
  const HISTOGRAM_HEIGHT = 100;
  const LABELLED_EVENTS = 150;
  const TIMELINE_HEIGHT = 150;
  const DAY = 86400000;
  const events = data.nodes.filter((n) => n.kind === "event" && n.date).map((n) => {
    const [start, end] = dateBounds(n.date);
    // One bar per account (its day, range or period), hollow when the account does not say it occurred.
    const bars = (n.acc && n.acc.length ? n.acc.flatMap((a) => a.sp.map((sp) => ({ span: sp, status: a.st })))
      : [{ span: [start, end], status: n.status }])
      .map((b) => ({ start: Date.parse(b.span[0]), end: Date.parse(b.span[1]), occurred: b.status === "occurred" }))
      .filter((b) => !Number.isNaN(b.start) && !Number.isNaN(b.end))
      .sort((a, b) => a.occurred - b.occurred || a.start - b.start);
    return { node: n, start: Date.parse(start), end: Date.parse(end), bars: bars };
  }).filter((e) => !Number.isNaN(e.start) && !Number.isNaN(e.end)).sort((a, b) => a.start - b.start || a.end - b.end);
  const timelineItems = new Map();

  function drawTimeline() {
    rows.replaceChildren();
    axis.replaceChildren();
    timelineItems.clear();
    const note = document.getElementById("timeline-note");
    if (!events.length) {
      note.textContent = "no dated events";
      rows.style.height = "0px";
      return;
    }
    const first = events[0].start - DAY / 2;
    const last = Math.max(...events.map((e) => e.end)) + DAY * 1.5;
    // Few events: one labelled row each, like a Gantt chart. Many: how many a day, as a histogram.
    const labels = events.length <= LABELLED_EVENTS;
    const gutter = labels ? Math.min(300, Math.round(rows.clientWidth * 0.34)) : 0;
    const width = Math.max(rows.clientWidth - gutter, 120);
    const x = (t) => gutter + ((t - first) / (last - first)) * (width - 16) + 8;
    const inner = el("div", { class: "rows-inner" });
    let height;
    if (labels) {
      note.textContent = number(events.length) + (events.length === 1 ? " event" : " events") +
        "; one bar per account, a long bar is a range or a period; hollow: not said to have occurred";
      height = events.length * ROW;
      events.forEach((e, row) => {
        const colour = kindInfo.get("event").color;
        const bars = e.bars.map((b) => {
          const x0 = x(b.start);
          const bar = el("span", { class: b.occurred ? "bar" : "bar not-occurred" });
          bar.style.left = x0 + "px";
          bar.style.width = Math.max(10, x(b.end + DAY) - x0) + "px";
          if (b.occurred) bar.style.background = colour;
          else bar.style.borderColor = colour;
          return bar;
        });
        const classes = ["item"];
        if (notOccurred(e.node)) classes.push("not-occurred");
        if (e.node.disputed) classes.push("disputed");
        const label = el("span", { class: "text" });
        if (e.node.disputed) label.append(el("span", { class: "mark", text: "≠ " }));
        label.append(e.node.name);
        const item = el("button", { class: classes.join(" "), type: "button", "data-id": e.node.id,
          title: e.node.name + " (" + e.node.date.replace("/", " to ") + ")" +
            (e.node.disputed ? "; accounts disagree on " + e.node.disputed_on : "") +
            (notOccurred(e.node) ? "; no account says it occurred" : ""),
          onclick: () => select(e.node.id, true) }, label, ...bars);
        item.style.top = (row * ROW) + "px";
        item.style.setProperty("--gutter", gutter + "px");
        inner.append(item);
        timelineItems.set(e.node.id, item);
      });
    } else {
      height = HISTOGRAM_HEIGHT;
      const days = Math.ceil((last - first) / DAY);
      const binDays = Math.max(1, Math.ceil(days / Math.max(60, width / 4)));
      const start = Math.floor(events[0].start / DAY) * DAY;
      const bins = new Map();
      for (const e of events) {
        const bin = Math.floor((e.start - start) / DAY / binDays);
        const counts = bins.get(bin) || { all: 0, shown: 0 };
        counts.all += 1;
        if (shown.has(e.node.id)) counts.shown += 1;
        bins.set(bin, counts);
      }
      const most = Math.max(...[...bins.values()].map((c) => c.all));
      note.textContent = number(events.length) + " events, counted by " +
        (binDays === 1 ? "their first day" : "periods of " + binDays + " days") + "; click a bar to filter";
      for (const [bin, counts] of bins) {
        const from = start + bin * binDays * DAY;
        const to = from + (binDays - 1) * DAY;
        const left = x(from);
        const barWidth = Math.max(1.5, x(to + DAY) - left - 1);
        const day = (t) => new Date(t).toISOString().slice(0, 10);
        const label = (binDays === 1 ? day(from) : day(from) + " to " + day(to)) + ": " + number(counts.all) +
          " events" + (counts.shown !== counts.all ? " (" + number(counts.shown) + " shown)" : "");
        const column = el("button", { class: "column", type: "button", title: label, onclick: () => {
          since.value = day(from);
          until.value = day(to);
          readDates();
        } });
        column.style.left = left + "px";
        column.style.width = barWidth + "px";
        const all = el("span", { class: "all" });
        all.style.height = (counts.all / most) * (HISTOGRAM_HEIGHT - 4) + "px";
        const part = el("span", { class: "shown" });
        part.style.height = (counts.shown / most) * (HISTOGRAM_HEIGHT - 4) + "px";
        part.style.background = kindInfo.get("event").color;
        column.append(all, part);
        inner.append(column);
      }
    }
    rows.style.height = Math.min(height + 4, TIMELINE_HEIGHT) + "px";
    inner.style.height = height + "px";
    if (state.since || state.until) {
      const left = state.since ? Math.max(gutter, x(Date.parse(state.since))) : gutter;
      const right = state.until ? Math.min(gutter + width, x(Date.parse(state.until) + DAY)) : gutter + width;
      const shade = el("div", { class: "window" });
      shade.style.left = left + "px";
      shade.style.width = Math.max(0, right - left) + "px";
      inner.prepend(shade);
    }
    rows.append(inner);
    const ticks = Math.max(2, Math.min(10, Math.floor(width / 100)));
    const stepDays = Math.max(1, Math.round((last - first) / DAY / ticks));
    for (let t = Math.ceil(first / DAY) * DAY; t <= last; t += stepDays * DAY) {
      const tick = el("span", { class: "tick", text: new Date(t).toISOString().slice(0, 10) });
      tick.style.left = x(t + DAY / 2) + "px";
      axis.append(tick);
    }
    markTimeline();
  }

  function markTimeline() {
    for (const [id, item] of timelineItems) {
      item.classList.toggle("hidden", !shown.has(id));
      item.classList.toggle("selected", id === state.selected);
    }
  }
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(drawTimeline, 150);
  });

  // -- header -----------------------------------------------------------------------------------------

  const meta = data.meta;
  const summary = [number(meta.nodes) + " nodes", number(meta.edges) + " links"];
  if (meta.focus) summary.push("within " + meta.depth + " links of " + meta.focus);
  if (meta.since || meta.until) summary.push("dated " + (meta.since || "…") + " to " + (meta.until || "…"));
  document.getElementById("summary").textContent = summary.join(" · ");
  const omittedTotal = Object.values(meta.omitted).reduce((a, b) => a + b, 0);
  if (omittedTotal) {
    const parts = Object.entries(meta.omitted).map(([kind, n]) => number(n) + " " +
      (n === 1 ? kind : kindInfo.get(kind).name.toLowerCase()));
    document.getElementById("omitted").textContent = "Showing the " + number(meta.nodes) + " most central of " +
      number(meta.nodes + omittedTotal) + " nodes; left out: " + parts.join(", ") + ".";
  }
  document.getElementById("hint").textContent = BIG
    ? "Large graph: positions computed in advance, no arrows; select a node to read its links."
    : "Drag to pan, scroll to zoom, drag a node to move it.";

  placeholder();
  applyFilters();

  // For tests and for people poking at the page from the console.
  window.cfkg = {
    network: network,
    nodes: nodes,
    edges: edges,
    select: select,
    // What vis-network draws: the nodes not hidden and the links between them.
    shownNodeIds: () => [...network.body.nodeIndices],
    shownEdgeIds: () => data.edges.filter((e) => shown.has(e.from) && shown.has(e.to)).map((e) => e.id),
    highlighted: () => (focusSet === null ? [] : [...focusSet.nodes]),
    nodeByIri: (iri) => data.nodes.find((n) => n.iri === iri),
    iriOf: (id) => nodeById.get(id).iri,
    kindOf: (id) => nodeById.get(id).kind,
    dateOf: (id) => nodeById.get(id).date,
    accountsOf: (id) => nodeById.get(id).acc || [],
  };
})();
