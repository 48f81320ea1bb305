/* partnermap map page: draws the JSON data island with vis-network and wires the controls.
   Plan text reaches the DOM only through textContent, value and vis-network's titles (DOM
   elements built here, or plain strings, which vis-network sets as innerText). */
(function () {
  "use strict";
  const timings = { start: performance.now() };
  const data = JSON.parse(document.getElementById("pm-data").textContent);
  timings.parsed = performance.now();
  const FONT = "#1c2833", FADED = "rgba(28, 40, 51, 0.18)";
  const EDGE_OPACITY = data.large ? 0.45 : 0.85;
  const relColor = Object.fromEntries(data.rels.map((r) => [r.type, r.color]));
  const relLength = Object.fromEntries(data.rels.map((r) => [r.type, r.length || undefined]));
  const groupFont = (group) => ((data.options.groups[group] || {}).font || {}).color || FONT;
  const info = new Map(); // node id -> {name, group, themes, hidden}

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // One tooltip element shared by every node, filled with the hovered node's rows.
  const tips = new Map(data.nodes.map((n) => [n.id, n.tip]));
  const tipBox = element("div", "pm-tip");
  let tipFor = null;

  function fillTip(id) {
    if (id === tipFor || !tips.has(id)) return;
    const rows = tips.get(id), list = element("dl");
    for (const [key, value] of [...rows.slice(1), ...(extraTip.get(id) || [])]) {
      list.append(element("dt", "", key), element("dd", "", value));
    }
    tipBox.replaceChildren(element("div", "pm-tip-kind", rows[0][0]), element("div", "pm-tip-name", rows[0][1]), list);
    tipFor = id;
  }

  function edgeColor(type, opacity) {
    const c = relColor[type];
    return { color: c, highlight: c, hover: c, inherit: false, opacity: opacity };
  }

  const STATUS = {
    complete: ["complete", "#9e9e9e"], open_ended: ["open-ended", "#7b1fa2"], not_started: ["not started", "#90a4ae"],
    overdue: ["overdue", "#d32f2f"], running: ["running", "#2e7d32"], undated: ["no dates", "#cfd8dc"],
    at_risk: ["at risk / off track", "#ef8f00"],
  };
  function statusOn(st, day) {
    if (st.done || st.progress === "complete") return "complete";
    if (st.ongoing || (st.start && !st.end)) return "open_ended";
    if (!st.end) return "undated";
    if (st.start && st.start > day) return "not_started";
    if (st.end < day) return "overdue";
    return (st.progress === "at_risk" || st.progress === "off_track") ? "at_risk" : "running";
  }
  const statusNow = new Map(), extraTip = new Map();
  function statusStyle(n, day) {
    const status = statusOn(n.st, day), colour = STATUS[status][1];
    statusNow.set(n.id, status);
    extraTip.set(n.id, [["On " + day, STATUS[status][0] + (n.st.status ? " (status: " + n.st.status + ")" : "")]]);
    const fill = (((data.options.groups[n.group] || {}).color) || {}).background;
    return { borderWidth: status === "running" || status === "undated" ? 2 : 4,
             color: { background: fill, border: colour, highlight: { background: fill, border: colour },
                      hover: { background: fill, border: colour } } };
  }
  const MARK_STYLE = {
    not_delivering: () => ({ color: { background: "#f8bbd0", border: "#c2185b", highlight: { background: "#f8bbd0", border: "#c2185b" } }, borderWidth: 3 }),
    single_point: () => ({ borderWidth: 5, color: { border: "#4a148c", background: "#e8710a" },
                           shapeProperties: { borderDashes: [4, 3] } }),
  };
  function markStyle(n) {
    let style = {};
    for (const mark of n.mk || []) if (MARK_STYLE[mark]) style = { ...style, ...MARK_STYLE[mark]() };
    return style;
  }
  const concentrated = (n) => (n.m && n.m.share ? Math.round(n.size * (1 + n.m.share)) : n.size);

  // On a large map the many activity and outcome labels wait until the user zooms in.
  const lazyGroups = new Set(data.lazy_labels), lazyLabels = new Map();
  const nodes = new vis.DataSet(data.nodes.map((n) => {
    info.set(n.id, { name: n.name, group: n.group, themes: new Set(n.th), hidden: false });
    const lazy = lazyGroups.has(n.group);
    if (lazy) lazyLabels.set(n.id, n.label);
    return { id: n.id, label: lazy ? undefined : n.label, group: n.group, x: n.x, y: n.y, size: concentrated(n),
             title: tipBox, ...(n.st ? statusStyle(n, data.as_of) : {}), ...markStyle(n) };
  }));
  const nodeData = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeTypes = data.edges.map((e) => e.type);
  const edges = new vis.DataSet(data.edges.map((e, i) => (
    { id: i, from: e.from, to: e.to, title: e.tip, length: relLength[e.type],
      color: edgeColor(e.type, EDGE_OPACITY) })));

  timings.datasets = performance.now();
  const container = document.getElementById("pm-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  timings.network = performance.now();
  const state = { network: network, nodes: nodes, edges: edges, ready: null, highlighted: null, timings: timings };
  window.partnermap = state;
  network.on("hoverNode", (params) => fillTip(params.node)); // before the tooltip shows and is measured
  network.on("showPopup", fillTip);

  function ready() {
    legibleLabels();
    showLazyLabels();
    setTimeout(buildPanel, 0);
    state.ready = performance.now();
    timings.ready = state.ready;
    document.body.dataset.ready = "true";
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", ready);
    });
  } else {
    network.once("afterDrawing", ready);
  }

  // Labels of the nodes in view (and a margin), once zoomed in far enough to read them: on a
  // small map they go again when zoomed back out, so the default view shows only the labels that
  // name the structure (themes, organisations, sectors); hover shows any node's name.
  const LAZY_SCALE = data.large ? 0.3 : 0.9;
  let lazyShown = false;
  function showLazyLabels() {
    if (!data.large) {
      const want = network.getScale() >= LAZY_SCALE;
      if (want !== lazyShown) {
        lazyShown = want;
        nodes.update([...lazyGroupIds()].map((id) => ({ id: id, label: want ? nodeData.get(id).label : undefined })));
      }
      return;
    }
    if (!lazyLabels.size || network.getScale() < LAZY_SCALE) return;
    const from = network.DOMtoCanvas({ x: -200, y: -200 });
    const to = network.DOMtoCanvas({ x: container.clientWidth + 200, y: container.clientHeight + 200 });
    const where = network.getPositions([...lazyLabels.keys()]);
    const inView = [...lazyLabels].filter(([id]) => {
      const p = where[id];
      return p.x >= from.x && p.x <= to.x && p.y >= from.y && p.y <= to.y;
    });
    if (!inView.length) return;
    nodes.update(inView.map(([id, label]) => ({ id: id, label: label })));
    for (const [id] of inView) lazyLabels.delete(id);
  }
  function* lazyGroupIds() {
    for (const n of data.nodes) if (lazyGroups.has(n.group)) yield n.id;
  }
  for (const event of ["zoom", "dragEnd", "animationFinished"]) network.on(event, showLazyLabels);

  // Labels that name the structure stay legible at any zoom: their font grows as the view shrinks.
  const ALWAYS = new Set(["Plan", "Theme", "Organisation", "Sector", "SectorGap"]);
  const MIN_PX = 12;
  const fontColor = new Map(), fontSize = new Map();
  for (const n of data.nodes) {
    fontColor.set(n.id, groupFont(n.group));
    fontSize.set(n.id, ((data.options.groups[n.group] || {}).font || {}).size || data.options.nodes.font.size);
  }
  function font(id) {
    const base = fontSize.get(id), group = info.get(id).group;
    const size = ALWAYS.has(group) ? Math.min(80, Math.max(base, MIN_PX / Math.max(network.getScale(), 0.05))) : base;
    return { size: size, color: fontColor.get(id) };
  }
  let fontFrame = null;
  function legibleLabels() {
    if (fontFrame !== null) return;
    fontFrame = requestAnimationFrame(() => {
      fontFrame = null;
      nodes.update(data.nodes.filter((n) => ALWAYS.has(n.group)).map((n) => ({ id: n.id, font: font(n.id) })));
    });
  }
  network.on("zoom", legibleLabels);
  state.labelSize = (id) => font(id).size * network.getScale(); // on-screen pixels

  // --- click: highlight a node's neighbourhood ---------------------------------------------------
  // Small maps fade everything else; on a large map (where restyling thousands of items takes
  // seconds) the neighbourhood is selected instead, which vis-network draws on top, outlined.
  function highlightNodes(ids) {
    const near = new Set(ids);
    const touching = new Set();
    for (const id of ids) {
      for (const e of network.getConnectedEdges(id)) {
        const [a, b] = network.getConnectedNodes(e);
        if (near.has(a) && near.has(b)) touching.add(e);
      }
    }
    if (data.large) {
      network.setSelection({ nodes: [...near], edges: [...touching] }, { highlightEdges: false });
    } else {
      nodes.update(nodes.getIds().map((n) => near.has(n)
        ? { id: n, opacity: 1, font: font(n) }
        : { id: n, opacity: 0.15, font: { size: font(n).size, color: FADED } }));
      edges.update(edgeTypes.map((type, i) => ({ id: i, color: edgeColor(type, touching.has(i) ? 1 : 0.06) })));
      network.setSelection({ nodes: [...near], edges: [...touching] }, { highlightEdges: false });
    }
    state.highlightedNodes = [...near];
  }

  function highlight(id) {
    highlightNodes([id, ...network.getConnectedNodes(id)]);
    state.highlighted = id;
  }

  function clearHighlight() {
    if (state.highlighted === null && !state.highlightedNodes) return;
    if (data.large) {
      network.unselectAll();
    } else {
      nodes.update(nodes.getIds().map((n) => ({ id: n, opacity: 1, font: font(n) })));
      edges.update(edgeTypes.map((type, i) => ({ id: i, color: edgeColor(type, EDGE_OPACITY) })));
      network.unselectAll();
    }
    state.highlighted = null;
    state.highlightedNodes = null;
    for (const b of document.querySelectorAll(".pm-finding[aria-pressed='true']")) b.setAttribute("aria-pressed", "false");
  }

  network.on("click", (params) => {
    if (params.nodes.length) highlight(params.nodes[0]);
    else clearHighlight();
  });

  // --- legend toggles and the theme filter --------------------------------------------------------
  const groupOn = {};
  for (const entry of data.legend) groupOn[entry.group] = true;
  let theme = null;

  function applyFilters() {
    const changes = [];
    for (const [id, n] of info) {
      const hidden = !groupOn[n.group] || (theme !== null && !n.themes.has(theme));
      if (hidden !== n.hidden) {
        n.hidden = hidden;
        changes.push({ id: id, hidden: hidden });
      }
    }
    if (changes.length) nodes.update(changes);
    const shown = {}; // per type, the nodes the theme filter keeps (a type hidden by the legend still counts)
    for (const n of info.values()) {
      if (theme === null || n.themes.has(theme)) shown[n.group] = (shown[n.group] || 0) + 1;
    }
    for (const button of document.querySelectorAll(".pm-legend-item")) {
      button.querySelector(".pm-count").textContent = String(shown[button.dataset.group] || 0);
    }
  }

  for (const button of document.querySelectorAll(".pm-legend-item")) {
    button.addEventListener("click", () => {
      const group = button.dataset.group;
      groupOn[group] = !groupOn[group];
      button.setAttribute("aria-pressed", String(groupOn[group]));
      applyFilters();
    });
  }

  const themeSelect = document.getElementById("pm-theme");
  data.themes.forEach((label, i) => themeSelect.append(new Option(label, String(i))));
  themeSelect.disabled = data.themes.length === 0;
  themeSelect.addEventListener("change", () => {
    theme = themeSelect.value === "" ? null : Number(themeSelect.value);
    applyFilters();
    network.fit({ nodes: [...info].filter(([, n]) => !n.hidden).map(([id]) => id), animation: false });
  });

  // --- search ----------------------------------------------------------------------------------------
  const names = document.getElementById("pm-names");
  const seen = new Set();
  for (const n of info.values()) {
    if (seen.has(n.name)) continue;
    seen.add(n.name);
    const option = document.createElement("option");
    option.value = n.name;
    names.append(option);
  }
  const status = document.getElementById("pm-search-status");

  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    const visible = [...info].filter(([, n]) => !n.hidden);
    const tests = [(name) => name === q, (name) => name.startsWith(q), (name) => name.includes(q)];
    for (const test of tests) {
      const hit = visible.find(([, n]) => test(n.name.toLowerCase()));
      if (hit) return hit[0];
    }
    return null;
  }

  document.getElementById("pm-search").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = document.getElementById("pm-search-input").value;
    const id = find(query);
    if (id === null) {
      status.textContent = query.trim() ? "No shown node matches “" + query.trim() + "”." : "";
      return;
    }
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400 } });
    status.textContent = "Found: " + info.get(id).name;
  });

  // --- activities over time: the date control recolours each activity's ring ----------------------
  function applyStatus(day) {
    const changes = data.nodes.filter((n) => n.st).map((n) => ({ id: n.id, ...statusStyle(n, day) }));
    if (changes.length) nodes.update(changes);
    tipFor = null;
  }
  state.statusOf = (id) => statusNow.get(id);
  state.borderOf = (id) => (nodes.get(id).color || {}).border;
  const dateInput = document.getElementById("pm-date");
  if (data.period.start) dateInput.min = data.period.start;
  if (data.period.end) dateInput.max = data.period.end > data.as_of ? data.period.end : data.as_of;
  dateInput.value = data.as_of;
  dateInput.addEventListener("change", () => { if (dateInput.value) applyStatus(dateInput.value); });
  const key = document.getElementById("pm-status-key");
  for (const [label, colour] of Object.values(STATUS)) {
    const ring = element("span", "pm-ring");
    ring.style.borderColor = colour;
    const li = element("li");
    li.append(ring, element("span", "", label));
    key.append(li);
  }

  // --- node size by a metric of `partnermap partners` ---------------------------------------------
  const orgs = data.nodes.filter((n) => n.m);
  const peak = { betweenness: Math.max(1e-9, ...orgs.map((n) => n.m.betweenness)), led: Math.max(1, ...orgs.map((n) => n.m.led)) };
  function sizeBy(metric) {
    nodes.update(orgs.map((n) => {
      let size = n.size;
      if (metric !== "degree") size = 12 + 38 * Math.sqrt(n.m[metric] / peak[metric]);
      if (n.m.share) size *= 1 + n.m.share; // the lead of a concentration finding, by its share
      return { id: n.id, size: Math.round(size) };
    }));
    state.sizeMetric = metric;
  }
  const sizeSelect = document.getElementById("pm-size");
  sizeSelect.addEventListener("change", () => sizeBy(sizeSelect.value));
  state.sizeMetric = "degree";

  // --- the findings panel (built just after the map is interactive) ----------------------------------
  function buildPanel() {
    timings.panelStart = performance.now();
    const list = document.getElementById("pm-findings-list");
    document.getElementById("pm-findings-scope").textContent =
      data.findings.length + " findings for " + data.scope + ", as of " + data.as_of + ".";
    const SEVERITY = ["high", "medium", "low"];
    for (const severity of SEVERITY) {
      const items = data.findings.map((f, i) => [f, i]).filter(([f]) => f.severity === severity);
      if (!items.length) continue;
      list.append(element("h3", "pm-" + severity, severity + " (" + items.length + ")"));
      const ul = element("ul");
      for (const [f, i] of items) {
        const button = element("button", "pm-finding");
        button.type = "button";
        button.dataset.gapKind = f.kind;
        button.dataset.subject = f.subject;
        button.dataset.index = String(i);
        button.setAttribute("aria-pressed", "false");
        button.append(element("span", "pm-finding-kind", f.kind.replace(/_/g, " ")), element("span", "", f.label),
                      element("span", "pm-finding-detail", f.detail));
        button.addEventListener("click", () => showFinding(i, button));
        const li = element("li");
        li.append(button);
        ul.append(li);
      }
      list.append(ul);
    }
    timings.panel = performance.now();
    state.panelReady = true;
  }
  state.panelReady = false;

  function showFinding(i, button) {
    const ids = data.findings[i].nodes.filter((id) => nodeData.has(id));
    clearHighlight();
    if (!ids.length) return;
    highlightNodes(ids);
    button.setAttribute("aria-pressed", "true");
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1.2) network.moveTo({ scale: 1.2 }); // a few nodes: keep their neighbours in view
    showLazyLabels();
    legibleLabels();
    state.finding = i;
  }

  // --- download the current view as a PNG ---------------------------------------------------------
  document.getElementById("pm-png").addEventListener("click", () => {
    const canvas = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    const link = document.createElement("a");
    link.download = "partnermap.png";
    link.href = out.toDataURL("image/png");
    state.lastPng = link.href;
    link.click();
  });
})();
