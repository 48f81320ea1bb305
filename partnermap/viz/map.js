/* partnermap map page: draws the JSON data island with vis-network and wires the controls.
   Plan text reaches the DOM only through textContent, value and vis-network's titles (DOM
   elements built here, or plain strings, which vis-network sets as innerText). */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("pm-data").textContent);
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
    for (const [key, value] of rows.slice(1)) list.append(element("dt", "", key), element("dd", "", value));
    tipBox.replaceChildren(element("div", "pm-tip-kind", rows[0][0]), element("div", "pm-tip-name", rows[0][1]), list);
    tipFor = id;
  }

  function edgeColor(type, opacity) {
    const c = relColor[type];
    return { color: c, highlight: c, hover: c, inherit: false, opacity: opacity };
  }

  // On a large map the many activity and outcome labels wait until the user zooms in.
  const lazyGroups = new Set(data.lazy_labels), lazyLabels = new Map();
  const nodes = new vis.DataSet(data.nodes.map((n) => {
    info.set(n.id, { name: n.name, group: n.group, themes: new Set(n.th), hidden: false });
    const lazy = lazyGroups.has(n.group);
    if (lazy) lazyLabels.set(n.id, n.label);
    return { id: n.id, label: lazy ? undefined : n.label, group: n.group, x: n.x, y: n.y, size: n.size, title: tipBox };
  }));
  const edgeTypes = data.edges.map((e) => e.type);
  const edges = new vis.DataSet(data.edges.map((e, i) => (
    { id: i, from: e.from, to: e.to, title: e.tip, length: relLength[e.type],
      color: edgeColor(e.type, EDGE_OPACITY) })));

  const container = document.getElementById("pm-network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const state = { network: network, nodes: nodes, edges: edges, ready: null, highlighted: null };
  window.partnermap = state;
  network.on("hoverNode", (params) => fillTip(params.node)); // before the tooltip shows and is measured
  network.on("showPopup", fillTip);

  function ready() {
    state.ready = performance.now();
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

  // Labels of the nodes in view (and a margin), once zoomed in far enough to read them.
  function showLazyLabels() {
    if (!lazyLabels.size || network.getScale() < 0.3) return;
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
  for (const event of ["zoom", "dragEnd", "animationFinished"]) network.on(event, showLazyLabels);

  // --- click: highlight a node's neighbourhood ---------------------------------------------------
  // Small maps fade everything else; on a large map (where restyling thousands of items takes
  // seconds) the neighbourhood is selected instead, which vis-network draws on top, outlined.
  function highlight(id) {
    const near = new Set(network.getConnectedNodes(id));
    near.add(id);
    const touching = new Set(network.getConnectedEdges(id));
    if (data.large) {
      network.setSelection({ nodes: [...near], edges: [...touching] }, { highlightEdges: false });
    } else {
      nodes.update(nodes.getIds().map((n) => near.has(n)
        ? { id: n, opacity: 1, font: { color: groupFont(info.get(n).group) } }
        : { id: n, opacity: 0.15, font: { color: FADED } }));
      edges.update(edgeTypes.map((type, i) => ({ id: i, color: edgeColor(type, touching.has(i) ? 1 : 0.06) })));
    }
    state.highlighted = id;
  }

  function clearHighlight() {
    if (state.highlighted === null) return;
    if (data.large) {
      network.unselectAll();
    } else {
      nodes.update(nodes.getIds().map((n) => ({ id: n, opacity: 1, font: { color: groupFont(info.get(n).group) } })));
      edges.update(edgeTypes.map((type, i) => ({ id: i, color: edgeColor(type, EDGE_OPACITY) })));
    }
    state.highlighted = null;
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
})();
