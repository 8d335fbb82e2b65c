/* kgraph graph viewer.
 *
 * Reads the JSON embedded in the page (see kgraph/viewer/payload.py for its
 * layout), rebuilds the graph in graphology and draws it with sigma.js.
 * Positions are precomputed: nothing here runs a layout.
 *
 * Every string that comes from the data goes into the DOM through
 * textContent (or a canvas), never through innerHTML.
 *
 * A page that draws only the strongest entities of a corpus also holds a
 * search index of the others (parsed at the first search). Served by
 * `kgraph serve`, it fetches the neighbourhood of such an entity, or of a
 * drawn one, from /sparql on its own origin and adds it to the graph; opened
 * as a file, it says how to get that.
 *
 * window.kgraphViewer is a small API for tests and benchmarks.
 */
(function () {
  "use strict";

  var FONT = '"Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var TYPE_COLORS = {
    Person: "#4e79a7",
    Place: "#59a14f",
    Organization: "#f28e2b",
    CreativeWork: "#b07aa1",
    Campaign: "#e15759",
    Slogan: "#d4a21a",
    Concept: "#76b7b2",
    Document: "#9aa0a6"
  };
  var OTHER_COLORS = ["#ff9da7", "#9c755f", "#bab0ac", "#8cd17d", "#a0cbe8"];
  var TYPE_NAMES = {
    Person: "Person 人物",
    Place: "Place 地点",
    Organization: "Organization 机构",
    CreativeWork: "Work 作品",
    Campaign: "Campaign 工作/运动",
    Slogan: "Slogan 口号",
    Concept: "Concept 概念",
    Document: "Document 文档"
  };
  var KIND_NAMES = ["Typed relations", "Co-occurrence", "Mentions (document → entity)"];
  var KIND_TITLES = ["Relation", "Co-occurrence", "Mention"];
  var EDGE_COLORS = ["#6e7781", "#c8cdd3", "#e3e6e9"];
  var EDGE_FOCUS_COLORS = ["#57606a", "#a8b1ba", "#c4cad0"];
  var FADED = "#eef0f2";
  var SELECTED_EDGE = "#cf222e";
  // Software WebGL (and weak GPUs) pay for every item drawn, and more for sigma's instanced
  // programs: links are 1 px lines (their strength shows as darkness), they are reached from
  // the side panel rather than picked on the canvas, and big graphs draw less while moving.
  var HIDE_EDGES_ON_MOVE = 5000; // more edges than this are hidden while the camera moves
  var MOVING_NODES = 6000; // at most this many nodes, the largest, are drawn while moving
  var MENTIONS_SHOWN = 10000; // more mention edges than this start switched off
  var LIST_MAX = 30;
  var LABEL_DENSITY = 1; // labels per grid cell, about; overlapping ones are left out
  var LABEL_SIZE_THRESHOLD = 3.5; // smaller nodes (in pixels) get no label
  var LIVE_RELATIONS = 200; // most typed relations fetched per expansion
  var LIVE_COOCCURRENCES = 60; // most co-occurrences fetched per expansion, strongest first

  performance.mark("kgraph:start");
  var raw = JSON.parse(document.getElementById("kgraph-data").textContent);
  performance.mark("kgraph:parsed");
  var N = raw.nodes.label.length;
  var col = raw.nodes;
  // Sparse columns ({index: value}) become full ones.
  [["key", ""], ["al", ""], ["code", ""], ["doc", -1]].forEach(function (spec) {
    var sparse = col[spec[0]], full = new Array(N).fill(spec[1]);
    Object.keys(sparse).forEach(function (i) { full[+i] = sparse[i]; });
    col[spec[0]] = full;
  });
  var ecol = joinEdgeBlocks(raw.edges);
  var E = ecol.s.length;
  var types = raw.types;
  var docs = raw.docs;

  // The payload stores each kind of edge in its own block of columns; join them
  // into one set of columns, in the order rel, co, men (the edges' indices).
  function joinEdgeBlocks(blocks) {
    var order = [blocks.rel, blocks.co, blocks.men];
    var total = order.reduce(function (sum, b) { return sum + b.s.length; }, 0);
    var out = {
      s: new Int32Array(total), t: new Int32Array(total), k: new Uint8Array(total),
      p: new Int32Array(total).fill(-1), w: new Float64Array(total), n: new Float64Array(total),
      d: new Float64Array(total), q: new Float64Array(total)
    };
    var at = 0;
    order.forEach(function (block, k) {
      var count = block.s.length;
      ["t", "p", "w", "n", "d", "q"].forEach(function (name) {
        if (block[name]) out[name].set(block[name], at);
      });
      var source = 0;
      for (var e = 0; e < count; e++) out.s[at + e] = source += block.s[e]; // steps -> sources
      if (k === 2) out.w.set(block.n, at); // a mention's weight is its count
      out.k.fill(k, at, at + count);
      at += count;
    });
    return out;
  }

  // ---- lookups -----------------------------------------------------------

  function typeName(t) { return types[t]; }
  function typeColor(t) {
    var name = types[t];
    if (TYPE_COLORS[name]) return TYPE_COLORS[name];
    return OTHER_COLORS[t % OTHER_COLORS.length];
  }
  function isDocument(i) { return col.doc[i] >= 0; }
  function nodeKey(i) {
    if (col.key[i]) return col.key[i];
    if (isDocument(i)) return "doc:" + docs[col.doc[i]][0];
    return typeName(col.type[i]) + "/" + col.label[i];
  }
  function dateOf(d) { return d >= 0 ? raw.dates[d] : ""; }
  function shortLabel(text, max) {
    var chars = Array.from(text);
    return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : text;
  }

  var keyIndex = new Map();
  for (var i = 0; i < N; i++) keyIndex.set(nodeKey(i), i);

  var t2s = new Map();
  (function () {
    var chars = Array.from(raw.t2s);
    for (var k = 0; k + 1 < chars.length; k += 2) t2s.set(chars[k], chars[k + 1]);
  })();
  function normalize(text) {
    var out = "";
    for (var c of text.toLowerCase()) out += t2s.get(c) || c;
    return out;
  }

  // Adjacency as compressed rows of edge indices (rebuilt when fetched nodes join).
  var adjStart, adj;
  function buildAdjacency() {
    adjStart = new Int32Array(N + 1);
    adj = new Int32Array(2 * E);
    for (var j = 0; j < E; j++) { adjStart[ecol.s[j] + 1]++; adjStart[ecol.t[j] + 1]++; }
    for (var k = 0; k < N; k++) adjStart[k + 1] += adjStart[k];
    var fill = adjStart.slice(0, N);
    for (var j2 = 0; j2 < E; j2++) {
      adj[fill[ecol.s[j2]]++] = j2;
      adj[fill[ecol.t[j2]]++] = j2;
    }
  }
  buildAdjacency();
  function other(j, i) { return ecol.s[j] === i ? ecol.t[j] : ecol.s[j]; }

  var kindCount = [0, 0, 0];
  var maxLLR = 0;
  for (var j = 0; j < E; j++) {
    kindCount[ecol.k[j]]++;
    if (ecol.k[j] === 1 && ecol.w[j] > maxLLR) maxLLR = ecol.w[j];
  }
  var typeCount = types.map(function () { return 0; });
  for (var n = 0; n < N; n++) typeCount[col.type[n]]++;

  // ---- sizes -------------------------------------------------------------

  var sizeMode = "pagerank";
  function computeSizes() {
    var values = sizeMode === "pagerank" ? col.pr : col.dc;
    var max = 0;
    for (var k = 0; k < N; k++) if (!isDocument(k) && values[k] > max) max = values[k];
    var sizes = new Float32Array(N);
    for (var m = 0; m < N; m++) {
      if (isDocument(m)) sizes[m] = 2.5;
      else sizes[m] = 2.5 + (max > 0 ? 13 * Math.sqrt(Math.max(0, values[m]) / max) : 2);
    }
    return sizes;
  }

  // A co-occurrence's colour goes from light to dark grey with the square root of its LLR.
  function edgeColor(j) {
    var k = ecol.k[j];
    if (k !== 1) return EDGE_COLORS[k];
    var t = maxLLR > 0 ? Math.sqrt(Math.max(0, ecol.w[j]) / maxLLR) : 0;
    var grey = Math.round(222 - t * 110);
    return "rgb(" + grey + "," + (grey + 3) + "," + (grey + 6) + ")";
  }

  // ---- graph -------------------------------------------------------------

  var graph = new graphology.MultiDirectedGraph();
  (function () {
    var sizes = computeSizes();
    var order = Array.from(sizes.keys()).sort(function (a, b) { return sizes[a] - sizes[b] || a - b; });
    for (var o = 0; o < N; o++) addNodeToGraph(order[o], sizes[order[o]]);
  })();
  function addNodeToGraph(k, size) {
    graph.addNode(String(k), {
      x: col.x[k],
      y: col.y[k],
      size: size,
      color: typeColor(col.type[k]),
      label: isDocument(k) ? shortLabel(col.label[k], 16) : col.label[k]
    });
  }

  // Edges of a kind enter the graph the first time that kind is shown: a big graph's
  // mention edges (switched off at first) then cost nothing at load.
  var kindAdded = [false, false, false];
  function addEdgesOf(kind) {
    if (kindAdded[kind]) return;
    kindAdded[kind] = true;
    for (var e = 0; e < E; e++) if (ecol.k[e] === kind) addEdgeToGraph(e);
  }
  function addEdgeToGraph(e) {
    var kind = ecol.k[e];
    graph.addDirectedEdgeWithKey(String(e), String(ecol.s[e]), String(ecol.t[e]), {
      size: kind === 0 ? 1.5 : 1,
      color: edgeColor(e),
      type: kind === 0 ? "arrow" : "line"
    });
  }

  // ---- state and visibility ----------------------------------------------

  var state = {
    typeOn: types.map(function () { return true; }),
    kindOn: [true, true, kindCount[2] <= MENTIONS_SHOWN],
    minWeight: 0,
    dateFrom: "",
    dateTo: "",
    focus: -1,
    hops: raw.hops || 1,
    selectedNode: -1,
    selectedEdge: -1
  };
  var nodeVisible = new Uint8Array(N);
  var edgeVisible = new Uint8Array(E);
  var drawnAtLoad = N; // nodes from this index on were fetched from kgraph serve
  var edgesAtLoad = E; // and edges
  var neighbours = null; // Set of node indices around the selected node
  var counts = { nodes: 0, edges: 0 };

  function edgePasses(j) {
    var k = ecol.k[j];
    return state.kindOn[k] && (k !== 1 || ecol.w[j] >= state.minWeight);
  }

  function dateFilter() {
    var ok = new Uint8Array(N);
    if (!state.dateFrom && !state.dateTo) { ok.fill(1); return ok; }
    var from = state.dateFrom || "0000-00-00";
    var to = state.dateTo || "9999-99-99";
    var judged = new Uint8Array(N);
    for (var k = 0; k < N; k++) {
      if (isDocument(k)) {
        var d = dateOf(col.d0[k]);
        ok[k] = d !== "" && d >= from && d <= to ? 1 : 0;
        judged[k] = 1;
      }
    }
    // An entity stays while a document in the range mentions it.
    for (var j2 = 0; j2 < E; j2++) {
      if (ecol.k[j2] !== 2) continue;
      var doc = ecol.s[j2], ent = ecol.t[j2];
      if (!isDocument(doc)) { doc = ecol.t[j2]; ent = ecol.s[j2]; }
      if (isDocument(ent)) continue;
      judged[ent] = 1;
      if (ok[doc]) ok[ent] = 1;
    }
    for (var m = 0; m < N; m++) {
      if (judged[m]) continue;
      var first = dateOf(col.d0[m]), last = dateOf(col.d1[m]);
      ok[m] = !first || (first <= to && (last || first) >= from) ? 1 : 0;
    }
    return ok;
  }

  function recompute() {
    var inDates = dateFilter();
    for (var k = 0; k < N; k++) nodeVisible[k] = state.typeOn[col.type[k]] && inDates[k] ? 1 : 0;
    if (state.focus >= 0) {
      var seen = new Uint8Array(N);
      seen[state.focus] = 1;
      var frontier = [state.focus];
      for (var h = 0; h < state.hops; h++) {
        var next = [];
        for (var f = 0; f < frontier.length; f++) {
          var u = frontier[f];
          for (var a = adjStart[u]; a < adjStart[u + 1]; a++) {
            var j = adj[a], v = other(j, u);
            if (!seen[v] && nodeVisible[v] && edgePasses(j)) { seen[v] = 1; next.push(v); }
          }
        }
        frontier = next;
      }
      for (var m = 0; m < N; m++) nodeVisible[m] = seen[m];
    }
    counts.nodes = 0;
    counts.edges = 0;
    for (var q = 0; q < N; q++) counts.nodes += nodeVisible[q];
    for (var e = 0; e < E; e++) {
      edgeVisible[e] = edgePasses(e) && nodeVisible[ecol.s[e]] && nodeVisible[ecol.t[e]] ? 1 : 0;
      counts.edges += edgeVisible[e];
    }
    computeNeighbours();
  }

  function computeNeighbours() {
    neighbours = null;
    var j = state.selectedEdge;
    if (j >= 0) { // a selected link highlights its two ends
      if (edgeVisible[j]) neighbours = new Set([ecol.s[j], ecol.t[j]]);
      return;
    }
    var i = state.selectedNode;
    if (i < 0 || !nodeVisible[i]) return;
    neighbours = new Set([i]);
    for (var a = adjStart[i]; a < adjStart[i + 1]; a++) {
      if (edgeVisible[adj[a]]) neighbours.add(other(adj[a], i));
    }
  }

  function nodeReducer(key, attr) {
    var i = +key;
    var res = Object.assign({}, attr);
    if (!nodeVisible[i]) { res.hidden = true; return res; }
    if (neighbours) {
      if (i === state.selectedNode || (state.selectedEdge >= 0 && neighbours.has(i))) {
        res.highlighted = true;
        res.forceLabel = true;
        res.zIndex = 2;
      } else if (neighbours.has(i)) {
        res.zIndex = 1; // labelled as room allows: forcing them all would pile them up
      } else {
        res.color = FADED;
        res.label = null; // not even a candidate for the label grid
        res.zIndex = 0;
      }
    } else if (state.focus === i) {
      res.forceLabel = true;
      res.highlighted = true;
    }
    return res;
  }

  function edgeReducer(key, attr) {
    var j = +key;
    var res = Object.assign({}, attr);
    if (!edgeVisible[j]) { res.hidden = true; return res; }
    if (j === state.selectedEdge) {
      res.color = SELECTED_EDGE;
      res.size = Math.max(2.5, attr.size * 2);
      res.zIndex = 2;
    } else if (neighbours) {
      if (ecol.s[j] === state.selectedNode || ecol.t[j] === state.selectedNode) {
        res.color = EDGE_FOCUS_COLORS[ecol.k[j]];
        res.zIndex = 1;
      } else {
        res.hidden = true;
      }
    }
    return res;
  }

  // ---- labels --------------------------------------------------------------

  // Labels get a white halo so that they stay legible over edges, and a label that
  // would overlap one already drawn in this frame is left out (sigma's label grid
  // only limits labels per cell).
  var labelBoxes = [];
  function drawLabel(context, data, settings) {
    if (!data.label) return;
    var size = settings.labelSize;
    context.font = settings.labelWeight + " " + size + "px " + settings.labelFont;
    var x = data.x + data.size + 3;
    var y = data.y + size / 3;
    var box = [x - 2, y - size, x + context.measureText(data.label).width + 2, y + 4];
    for (var b = 0; b < labelBoxes.length; b++) {
      var o = labelBoxes[b];
      if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) return;
    }
    labelBoxes.push(box);
    context.lineJoin = "round";
    context.lineWidth = 3;
    context.strokeStyle = "rgba(255, 255, 255, 0.9)";
    context.strokeText(data.label, x, y);
    context.fillStyle = "#1f2328";
    context.fillText(data.label, x, y);
  }

  // ---- renderer --------------------------------------------------------------

  var renderer = null;
  function isMoving() {
    if (!renderer) return false;
    var captor = renderer.getMouseCaptor();
    return renderer.getCamera().isAnimated() || captor.isMoving || captor.draggedEvents > 0 ||
      captor.currentWheelDirection !== 0;
  }

  // While the camera moves nothing can be clicked: draw without the picking pass.
  function renderWithoutPicking(program, params) {
    if (program.hasNothingToRender()) return;
    program.normalProgram.gl.viewport(0, 0, params.width * params.pixelRatio, params.height * params.pixelRatio);
    program.bindProgram(program.normalProgram);
    program.renderProgram(params, program.normalProgram);
    program.unbindProgram(program.normalProgram);
  }
  // moving: at most `limit` vertices of a simple program are drawn, the last ones in its
  // buffer; nodes enter the graph smallest first, so those are the largest nodes.
  function lean(Program, limit) {
    return class extends Program {
      render(params) {
        var moving = isMoving();
        this.drawLimit = moving && limit ? limit : 0;
        if (this.programs && moving) { // a compound program (arrows) holds several
          this.programs.forEach(function (part) {
            if (part.pickProgram) renderWithoutPicking(part, params);
            else part.render(params);
          });
        } else if (this.pickProgram && moving) {
          renderWithoutPicking(this, params);
        } else {
          super.render(params);
        }
      }
      drawWebGL(method, info) {
        if (!this.drawLimit || this.isInstanced || this.verticesCount <= this.drawLimit) {
          super.drawWebGL(method, info);
          return;
        }
        info.gl.bindFramebuffer(info.gl.FRAMEBUFFER, info.frameBuffer);
        info.gl.drawArrays(method, this.verticesCount - this.drawLimit, this.drawLimit);
      }
    };
  }

  recompute();
  state.kindOn.forEach(function (on, kind) { if (on) addEdgesOf(kind); });
  performance.mark("kgraph:graph");
  var container = document.getElementById("graph");
  renderer = new Sigma(graph, container, {
    // Nodes as points: one vertex each, where sigma's circles are instanced triangles.
    defaultNodeType: "dot",
    nodeProgramClasses: { dot: lean(Sigma.rendering.NodePointProgram, MOVING_NODES) },
    edgeProgramClasses: {
      line: lean(Sigma.rendering.EdgeLineProgram),
      arrow: lean(Sigma.rendering.EdgeArrowProgram)
    },
    labelFont: FONT,
    labelSize: 13,
    labelWeight: "500",
    labelColor: { color: "#1f2328" },
    labelDensity: LABEL_DENSITY,
    labelGridCellSize: 120,
    labelRenderedSizeThreshold: LABEL_SIZE_THRESHOLD,
    defaultDrawNodeLabel: drawLabel,
    hideEdgesOnMove: E > HIDE_EDGES_ON_MOVE,
    zIndex: true,
    stagePadding: 40,
    minCameraRatio: 0.01,
    maxCameraRatio: 5,
    nodeReducer: nodeReducer,
    edgeReducer: edgeReducer
  });
  performance.mark("kgraph:rendered");
  var renders = 0;
  renderer.on("beforeRender", function () { labelBoxes = []; });
  renderer.on("afterRender", function () { renders++; });

  // With a selection, the neighbours are the only labelled nodes: label as many as fit.
  function refresh() {
    var selected = neighbours !== null;
    if (selected !== labelsForSelection) {
      labelsForSelection = selected;
      renderer.setSetting("labelDensity", selected ? 2 : LABEL_DENSITY);
      renderer.setSetting("labelRenderedSizeThreshold", selected ? 0 : LABEL_SIZE_THRESHOLD);
    }
    renderer.refresh();
  }
  var labelsForSelection = false;

  // ---- side panel ------------------------------------------------------------

  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function append(parent) {
    for (var a = 1; a < arguments.length; a++) {
      var child = arguments[a];
      if (child === null || child === undefined) continue;
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }
  function nodeLink(i) {
    var link = el("a", "", col.label[i]);
    link.href = "#";
    link.title = nodeKey(i);
    link.addEventListener("click", function (event) { event.preventDefault(); selectNode(i, true); });
    return link;
  }
  function edgeLink(j, text) {
    var link = el("a", "", text);
    link.href = "#";
    link.addEventListener("click", function (event) { event.preventDefault(); selectEdge(j); });
    return link;
  }
  function keyLink(ref) {
    if (typeof ref === "number") return nodeLink(ref);
    var parts = String(ref).split("/");
    return el("span", "", parts[parts.length - 1]);
  }
  function joined(items, separator) {
    var span = el("span");
    items.forEach(function (item, k) {
      if (k) span.appendChild(document.createTextNode(separator));
      append(span, item);
    });
    return span;
  }
  function fact(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    append(dl, el("dt", "", term), append(el("dd"), value));
  }
  function heading(text) { return el("h3", "", text); }
  function more(count, what) {
    return count > 0 ? el("div", "more", "+" + count.toLocaleString("en") + " more " + what) : null;
  }
  function number(value) {
    if (typeof value !== "number") return String(value);
    if (Number.isInteger(value)) return value.toLocaleString("en");
    return Math.abs(value) < 0.01 ? value.toExponential(2) : value.toFixed(3);
  }
  function sentences(count) { return number(count) + (count === 1 ? " sentence" : " sentences"); }
  function docTitle(d) { return docs[d][1] || docs[d][4] || docs[d][0]; }
  function docMeta(d) {
    var parts = [docs[d][2] || "undated"];
    if (docs[d][3]) parts.push(docs[d][3]);
    return parts.join(" · ");
  }
  function docNodeIndex(d) {
    var k = keyIndex.get("doc:" + docs[d][0]);
    return k === undefined ? -1 : k;
  }
  function docEntry(d) {
    var li = el("li");
    var n = docNodeIndex(d);
    var title = el("a", "", docTitle(d));
    title.href = "#";
    title.title = docs[d][4] || docs[d][0];
    if (n >= 0) {
      title.addEventListener("click", function (event) { event.preventDefault(); selectNode(n, true); });
    }
    return append(li, title, el("div", "meta", docMeta(d)));
  }

  // A sentence with its marks: text nodes and <mark> elements, no markup parsed.
  function sentenceBlock(entry) {
    var sent = raw.sents[entry[0]];
    var text = sent[1];
    var marks = entry[1];
    var quote = el("blockquote");
    var at = 0;
    for (var m = 0; m + 1 < marks.length; m += 2) {
      if (marks[m] > at) quote.appendChild(document.createTextNode(text.slice(at, marks[m])));
      quote.appendChild(el("mark", "", text.slice(marks[m], marks[m + 1])));
      at = marks[m + 1];
    }
    if (at < text.length) quote.appendChild(document.createTextNode(text.slice(at)));
    var li = append(el("li"), quote);
    var meta = el("div", "meta");
    if (sent[0] >= 0) {
      var d = sent[0];
      append(meta, "— ", docEntryInline(d), " · " + (docs[d][2] || "undated"));
    }
    if (entry.length > 2) {
      var pattern = raw.pats[entry[3]];
      meta.appendChild(document.createTextNode(" · confidence " + number(entry[2]) + (pattern ? " · " + pattern : "")));
    }
    li.appendChild(meta);
    return li;
  }
  function docEntryInline(d) {
    var n = docNodeIndex(d);
    var link = el("a", "", shortLabel(docTitle(d), 28));
    link.href = "#";
    link.title = docTitle(d);
    if (n >= 0) link.addEventListener("click", function (event) { event.preventDefault(); selectNode(n, true); });
    return link;
  }
  function evidenceSection(entries, extra, total) {
    var frag = document.createDocumentFragment();
    frag.appendChild(heading("Evidence (" + sentences(total) + ")"));
    if (!entries.length) {
      frag.appendChild(el("div", "more", total ? "Not included in this page (size limit)." : "No sentence recorded."));
      return frag;
    }
    var list = el("ul", "sentences");
    entries.forEach(function (entry) { list.appendChild(sentenceBlock(entry)); });
    frag.appendChild(list);
    var rest = more(extra, "not included in this page");
    if (rest) frag.appendChild(rest);
    return frag;
  }
  function expandableList(items, render, what, shown) {
    var max = shown || LIST_MAX;
    var frag = document.createDocumentFragment();
    var list = el("ul", what);
    items.slice(0, max).forEach(function (item) { list.appendChild(render(item)); });
    frag.appendChild(list);
    if (items.length > max) {
      var button = el("button", "action", "Show all " + items.length.toLocaleString("en") + " " + what);
      button.type = "button";
      button.addEventListener("click", function () {
        items.slice(max).forEach(function (item) { list.appendChild(render(item)); });
        button.remove();
      });
      frag.appendChild(button);
    }
    return frag;
  }
  function typeBadge(t, text) {
    var badge = el("div", "type");
    var dot = el("span", "dot");
    dot.style.background = typeof t === "number" ? typeColor(t) : t;
    return append(badge, dot, text);
  }
  function focusRow(i) {
    var row = el("div", "focus-row");
    var select = el("select");
    select.id = "focus-hops";
    select.setAttribute("aria-label", "Hops");
    [1, 2, 3].forEach(function (h) {
      var option = el("option", "", h + (h === 1 ? " hop" : " hops"));
      option.value = String(h);
      if (h === state.hops) option.selected = true;
      select.appendChild(option);
    });
    var button = el("button", "action", "Focus on neighbourhood");
    button.type = "button";
    button.id = "focus-button";
    button.addEventListener("click", function () { setFocus(i, +select.value); });
    return append(row, button, select);
  }

  function showNodePanel(i) {
    body.textContent = "";
    var t = col.type[i];
    append(body, typeBadge(t, TYPE_NAMES[typeName(t)] || typeName(t)));
    body.appendChild(el("h2", "", col.label[i]));
    body.appendChild(el("div", "key", nodeKey(i)));
    if (!nodeVisible[i]) body.appendChild(el("div", "notice", "Hidden by the current filters."));
    var dl = el("dl");
    var info = raw.ent.facts[i] || {};
    if (isDocument(i)) {
      var d = col.doc[i];
      fact(dl, "Date", docs[d][2] || "undated");
      fact(dl, "Source", docs[d][3]);
      fact(dl, "Authors", docs[d][5]);
      fact(dl, "Editors", docs[d][6]);
      fact(dl, "File", docs[d][4]);
      if (docTitle(d) !== col.label[i]) fact(dl, "Title", docTitle(d));
    } else {
      fact(dl, "Aliases", col.al[i] ? col.al[i].split("|").join("、") : "");
      fact(dl, "Code", col.code[i]);
      if (info.par) fact(dl, "Located in", joined(info.par.map(keyLink), " › "));
      if (info.roles) fact(dl, "Roles", info.roles.join("、"));
      if (info.def) fact(dl, "Definition", info.def);
      if (info.parts) fact(dl, "Parts", joined(info.parts.map(keyLink), "、"));
      fact(dl, "Documents", number(col.dc[i]));
      fact(dl, "Degree", number(col.deg[i]));
      fact(dl, "PageRank", number(col.pr[i]));
      if (col.com[i] >= 0) fact(dl, "Community", String(col.com[i]));
      var first = dateOf(col.d0[i]), last = dateOf(col.d1[i]);
      if (first) fact(dl, "Seen", first === last ? first : first + " → " + last);
    }
    body.appendChild(dl);
    body.appendChild(focusRow(i));
    if (raw.iri && !isDocument(i)) body.appendChild(liveRow(nodeKey(i)));

    // Typed relations, co-occurrences, and for documents the entities they mention.
    var relations = [], together = [], mentioned = [];
    for (var a = adjStart[i]; a < adjStart[i + 1]; a++) {
      var j = adj[a];
      if (ecol.k[j] === 0) relations.push(j);
      else if (ecol.k[j] === 1) together.push(j);
      else if (isDocument(i)) mentioned.push(j);
    }
    if (relations.length) {
      body.appendChild(heading("Relations (" + relations.length + ")"));
      body.appendChild(expandableList(relations, function (j) {
        var li = el("li");
        var end = function (k) { return k === i ? el("span", "", col.label[k]) : nodeLink(k); };
        append(li, end(ecol.s[j]), " ", edgeLink(j, raw.preds[ecol.p[j]]), " → ", end(ecol.t[j]));
        li.appendChild(el("span", "meta", "  " + number(ecol.w[j])));
        return li;
      }, "relations"));
    }
    if (isDocument(i)) {
      mentioned.sort(function (x, y) { return col.pr[other(y, i)] - col.pr[other(x, i)]; });
      body.appendChild(heading("Mentions (" + mentioned.length + " entities)"));
      body.appendChild(expandableList(mentioned, function (j) {
        var k = other(j, i);
        var li = append(el("li"), typeBadge(col.type[k], ""));
        li.firstChild.appendChild(nodeLink(k));
        li.firstChild.appendChild(el("span", "meta", " × " + ecol.n[j]));
        li.firstChild.appendChild(document.createTextNode(" "));
        li.firstChild.appendChild(edgeLink(j, "sentences"));
        return li;
      }, "entities"));
      return;
    }
    if (i >= drawnAtLoad) {
      body.appendChild(fetchedEvidence(nodeKey(i)));
    } else {
      var ev = raw.ent.ev[i] || [];
      var evMore = raw.ent.more[i] || 0;
      body.appendChild(evidenceSection(ev, evMore, ev.length + evMore));
      var docList = raw.ent.docs[i] || [];
      var docsMore = raw.ent.docsMore[i] || 0;
      body.appendChild(heading("Documents (" + (docList.length + docsMore).toLocaleString("en") + ")"));
      if (docList.length) body.appendChild(expandableList(docList, docEntry, "documents", 10));
      else body.appendChild(el("div", "more", "No document recorded."));
      var rest = more(docsMore, "documents");
      if (rest) body.appendChild(rest);
    }
    if (together.length) {
      together.sort(function (x, y) { return ecol.w[y] - ecol.w[x] || x - y; });
      body.appendChild(heading("Co-occurs with (" + together.length + ")"));
      body.appendChild(expandableList(together, function (j) {
        var li = append(el("li"), nodeLink(other(j, i)), " ");
        li.appendChild(edgeLink(j, "LLR " + number(ecol.w[j]) + " · " + sentences(ecol.n[j])));
        return li;
      }, "cooccurrences", 10));
    }
  }

  // A fetched entity's or link's sentences are not in the page: a link to the query
  // page runs a query for them.
  function fetchedEvidence(key) {
    return evidenceLink("Its sentences", [
      "# Sentences that mention " + key,
      "SELECT ?text ?headline ?date WHERE {",
      "  ?m kg:refersTo <" + entityIri(key) + "> ; kg:inSentence ?s ; kg:inDocument ?doc .",
      "  ?s kg:text ?text ."
    ]);
  }
  function fetchedEdgeEvidence(j) {
    var s = "<" + entityIri(nodeKey(ecol.s[j])) + ">", t = "<" + entityIri(nodeKey(ecol.t[j])) + ">";
    var owner = ecol.k[j] === 1
      ? "  ?c kg:member " + s + ", " + t + " ; kg:evidence ?e ."
      : "  ?r rdf:subject " + s + " ; rdf:object " + t + " ; kg:evidence ?e .";
    return evidenceLink("Its " + sentences(ecol.n[j]), [
      "# Evidence of " + nodeKey(ecol.s[j]) + (ecol.k[j] === 1 ? " with " : " to ") + nodeKey(ecol.t[j]),
      "SELECT ?text ?headline ?date WHERE {",
      owner,
      "  ?e kg:text ?text ; kg:inDocument ?doc ."
    ]);
  }
  function evidenceLink(text, head) {
    var frag = document.createDocumentFragment();
    frag.appendChild(heading("Evidence"));
    var query = prefixes().concat(head, [
      "  OPTIONAL { ?doc schema:headline ?headline }",
      "  OPTIONAL { ?doc schema:datePublished ?date }",
      "} ORDER BY ?date LIMIT 100"
    ]).join("\n");
    var link = el("a", "", text + ", on the query page");
    link.href = "/sparql?query=" + encodeURIComponent(query);
    link.target = "_blank";
    append(frag, append(el("div", "more"), "Fetched from kgraph serve; the sentences are in the store. ", link));
    return frag;
  }

  function showEdgePanel(j) {
    body.textContent = "";
    var k = ecol.k[j], s = ecol.s[j], t = ecol.t[j];
    append(body, typeBadge(EDGE_FOCUS_COLORS[k], KIND_TITLES[k]));
    var title = el("h2");
    append(title, nodeLink(s), k === 0 ? " —" + raw.preds[ecol.p[j]] + "→ " : k === 1 ? " ↔ " : " → ", nodeLink(t));
    body.appendChild(title);
    var dl = el("dl");
    if (k === 0) {
      fact(dl, "Predicate", raw.preds[ecol.p[j]]);
      fact(dl, "Confidence", number(ecol.w[j]));
      fact(dl, "Evidence", sentences(ecol.n[j]));
      fact(dl, "Role", raw.edge.role[j]);
    } else if (k === 1) {
      fact(dl, "LLR", number(ecol.w[j]));
      fact(dl, "PMI", number(ecol.q[j]));
      fact(dl, "Sentences", number(ecol.n[j]));
      fact(dl, "Documents", number(ecol.d[j]));
    } else {
      fact(dl, "Mentions", number(ecol.n[j]));
    }
    body.appendChild(dl);
    if (k === 2) {
      // The entity's own evidence, from this document.
      var doc = isDocument(s) ? col.doc[s] : col.doc[t];
      var own = (raw.ent.ev[isDocument(s) ? t : s] || []).filter(function (entry) {
        return raw.sents[entry[0]][0] === doc;
      });
      body.appendChild(evidenceSection(own, 0, own.length));
      return;
    }
    if (j >= edgesAtLoad) {
      body.appendChild(fetchedEdgeEvidence(j));
      return;
    }
    var ev = raw.edge.ev[j] || [];
    var total = ev.length + (raw.edge.more[j] || 0);
    body.appendChild(evidenceSection(ev, total - ev.length, total));
  }

  function openPanel() {
    panel.hidden = false;
    panel.scrollTop = 0;
    document.body.classList.add("panel-open"); // the graph makes room for the panel
  }
  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    state.selectedNode = -1;
    state.selectedEdge = -1;
    computeNeighbours();
    refresh();
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);

  function jumpTo(i) {
    var data = renderer.getNodeDisplayData(String(i));
    if (!data) return;
    var camera = renderer.getCamera();
    var ratio = Math.min(camera.getState().ratio, N > 2000 ? 0.3 : 0.5);
    camera.animate({ x: data.x, y: data.y, ratio: ratio }, { duration: 400 });
  }

  function selectNode(i, jump) {
    state.selectedNode = i;
    state.selectedEdge = -1;
    computeNeighbours();
    showNodePanel(i);
    openPanel();
    refresh();
    if (jump) jumpTo(i);
  }

  function selectEdge(j) {
    state.selectedEdge = j;
    state.selectedNode = -1;
    computeNeighbours();
    showEdgePanel(j);
    openPanel();
    refresh();
  }

  renderer.on("clickNode", function (event) { selectNode(+event.node, false); });
  renderer.on("clickStage", function () { if (!panel.hidden) closePanel(); });
  renderer.on("enterNode", function () { container.style.cursor = "pointer"; });
  renderer.on("leaveNode", function () { container.style.cursor = ""; });

  // ---- focus -------------------------------------------------------------

  var focusBar = document.getElementById("focus-bar");
  function setFocus(i, hops) {
    state.focus = i;
    state.hops = Math.max(1, Math.min(3, hops || 1));
    if (i >= 0) {
      state.typeOn[col.type[i]] = true; // the focused node itself always shows
      syncTypeBoxes();
      document.getElementById("focus-text").textContent =
        "Focus: " + col.label[i] + " · " + state.hops + (state.hops === 1 ? " hop" : " hops");
    }
    focusBar.hidden = i < 0;
    update();
    renderer.getCamera().animatedReset({ duration: 300 });
    if (state.selectedNode >= 0) showNodePanel(state.selectedNode);
  }
  document.getElementById("leave-focus").addEventListener("click", function () { setFocus(-1, state.hops); });

  // Fit the camera to what is visible: sigma frames the bounding box of the graph.
  function frameVisible() {
    if (state.focus < 0) { renderer.setCustomBBox(null); return; }
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var k = 0; k < N; k++) {
      if (!nodeVisible[k]) continue;
      if (col.x[k] < x0) x0 = col.x[k];
      if (col.x[k] > x1) x1 = col.x[k];
      if (col.y[k] < y0) y0 = col.y[k];
      if (col.y[k] > y1) y1 = col.y[k];
    }
    if (x0 === Infinity) { renderer.setCustomBBox(null); return; }
    var pad = Math.max(x1 - x0, y1 - y0, 200) * 0.1;
    renderer.setCustomBBox({ x: [x0 - pad, x1 + pad], y: [y0 - pad, y1 + pad] });
  }

  // ---- filters -------------------------------------------------------------

  var countsBox = document.getElementById("counts");
  function update() {
    state.kindOn.forEach(function (on, kind) { if (on) addEdgesOf(kind); });
    recompute();
    frameVisible();
    refresh();
    showCounts();
  }
  function showCounts() {
    countsBox.textContent = "Showing " + counts.nodes.toLocaleString("en") + " of " + N.toLocaleString("en") +
      " nodes · " + counts.edges.toLocaleString("en") + " of " + E.toLocaleString("en") + " links";
  }

  var typeBoxes = [];
  function syncTypeBoxes() {
    typeBoxes.forEach(function (box, t) { box.checked = state.typeOn[t]; });
  }
  function checkbox(text, color, count, checked, onChange, swatchClass) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    var mark = el("span", swatchClass);
    mark.style.background = color;
    append(label, box, mark, text, el("span", "count", count.toLocaleString("en")));
    return { label: label, box: box };
  }
  var legend = document.getElementById("legend");
  types.forEach(function (name, t) {
    var item = checkbox(TYPE_NAMES[name] || name, typeColor(t), typeCount[t], true, function (on) {
      state.typeOn[t] = on;
      update();
    }, "dot");
    item.label.dataset.type = name;
    typeBoxes.push(item.box);
    legend.appendChild(item.label);
  });
  var kinds = document.getElementById("kinds");
  KIND_NAMES.forEach(function (name, k) {
    if (!kindCount[k]) return;
    var item = checkbox(name, EDGE_FOCUS_COLORS[k], kindCount[k], state.kindOn[k], function (on) {
      state.kindOn[k] = on;
      update();
    }, "swatch");
    item.label.dataset.kind = ["relation", "cooccurrence", "mentions"][k];
    kinds.appendChild(item.label);
  });

  var weight = document.getElementById("weight");
  var weightValue = document.getElementById("weight-value");
  weight.max = String(maxLLR || 1);
  weight.step = String((maxLLR || 1) / 200);
  weight.disabled = !kindCount[1];
  var weightTimer = 0;
  weight.addEventListener("input", function () {
    state.minWeight = +weight.value;
    weightValue.textContent = number(Math.round(state.minWeight * 10) / 10);
    clearTimeout(weightTimer);
    weightTimer = setTimeout(update, 60);
  });

  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  if (raw.dates.length) {
    [dateFrom, dateTo].forEach(function (input) {
      input.min = raw.dates[0];
      input.max = raw.dates[raw.dates.length - 1];
    });
  }
  function onDates() {
    state.dateFrom = dateFrom.value;
    state.dateTo = dateTo.value;
    update();
  }
  dateFrom.addEventListener("change", onDates);
  dateTo.addEventListener("change", onDates);
  document.getElementById("date-clear").addEventListener("click", function () {
    dateFrom.value = "";
    dateTo.value = "";
    onDates();
  });

  document.getElementById("size-by").addEventListener("change", function (event) {
    sizeMode = event.target.value;
    var sizes = computeSizes();
    graph.updateEachNodeAttributes(function (key, attr) {
      attr.size = sizes[+key];
      return attr;
    }, { attributes: ["size"] });
  });

  // ---- search --------------------------------------------------------------

  // The entities this page does not draw: label, aliases, type, PageRank and documents,
  // strongest first. Parsed at the first search, so a large index costs nothing at load.
  var index = null;
  var indexKeys = null; // key -> entry
  function loadIndex() {
    if (index) return index;
    index = JSON.parse(document.getElementById("kgraph-index").textContent);
    var count = index.label.length;
    [["key", ""], ["al", ""]].forEach(function (spec) {
      var sparse = index[spec[0]], full = new Array(count).fill(spec[1]);
      Object.keys(sparse).forEach(function (r) { full[+r] = sparse[r]; });
      index[spec[0]] = full;
    });
    indexKeys = new Map();
    for (var r = 0; r < count; r++) indexKeys.set(entryKey(r), r);
    return index;
  }
  function entryKey(r) { return index.key[r] || typeName(index.type[r]) + "/" + index.label[r]; }

  var searchNames = null; // normalized label and aliases: drawn nodes, then index entries
  function buildSearchIndex() {
    loadIndex();
    searchNames = [];
    var add = function (label, aliases) {
      var names = [label];
      if (aliases) names = names.concat(aliases.split("|"));
      searchNames.push(names.map(normalize));
    };
    for (var s = 0; s < drawnAtLoad; s++) add(col.label[s], col.al[s]);
    for (var r = 0; r < index.label.length; r++) add(index.label[r], index.al[r]);
  }

  // A hit is {node: i} for a drawn node, or {entry: r} for an entity of the index.
  function search(query, limit) {
    if (!searchNames) buildSearchIndex();
    var q = normalize(query.trim());
    if (!q) return [];
    var hits = [];
    for (var k = 0; k < searchNames.length; k++) {
      var names = searchNames[k];
      var best = 9, via = -1;
      for (var m = 0; m < names.length; m++) {
        var at = names[m].indexOf(q);
        if (at < 0) continue;
        var score = names[m] === q ? 0 : at === 0 ? 1 : 2;
        if (m > 0) score += 0.5; // a label match beats an alias match
        if (score < best) { best = score; via = m; }
      }
      if (via < 0) continue;
      var drawn = k < drawnAtLoad ? k : fetchedNode(k - drawnAtLoad);
      var pr = drawn >= 0 ? col.pr[drawn] : index.pr[k - drawnAtLoad];
      hits.push([best, -pr, k, via, drawn]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, limit || 12).map(function (h) {
      var hit = { alias: h[3] > 0 ? h[3] - 1 : -1 };
      if (h[4] >= 0) hit.node = h[4];
      else hit.entry = h[2] - drawnAtLoad;
      return hit;
    });
  }
  // The node an index entry became when its neighbourhood was fetched, or -1.
  function fetchedNode(r) {
    var i = keyIndex.get(entryKey(r));
    return i === undefined ? -1 : i;
  }
  function hitKey(hit) { return hit.node !== undefined ? nodeKey(hit.node) : entryKey(hit.entry); }

  var searchInput = document.getElementById("search");
  var results = document.getElementById("results");
  var current = [];
  var active = 0;
  function showResults() {
    current = search(searchInput.value);
    active = 0;
    results.textContent = "";
    if (!searchInput.value.trim()) { results.hidden = true; return; }
    if (!current.length) {
      results.appendChild(el("li", "empty", "No match"));
    }
    current.forEach(function (hit, r) {
      var i = hit.node, drawn = i !== undefined;
      var label = drawn ? col.label[i] : index.label[hit.entry];
      var type = drawn ? col.type[i] : index.type[hit.entry];
      var aliases = drawn ? col.al[i] : index.al[hit.entry];
      var li = el("li");
      li.setAttribute("role", "option");
      li.dataset.key = hitKey(hit);
      var dot = el("span", "dot");
      dot.style.background = typeColor(type);
      append(li, dot, el("span", "", drawn && isDocument(i) ? shortLabel(label, 24) : label));
      var note = hit.alias >= 0 ? aliases.split("|")[hit.alias] : typeName(type);
      if (!drawn) {
        note += " · not drawn";
        li.dataset.undrawn = "1";
      } else if (!nodeVisible[i]) {
        note += " · hidden";
      }
      li.appendChild(el("span", "note", note));
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(r); });
      results.appendChild(li);
    });
    results.hidden = false;
    highlightResult();
  }
  function highlightResult() {
    Array.prototype.forEach.call(results.children, function (li, r) {
      li.classList.toggle("active", r === active);
    });
  }
  function choose(r) {
    var hit = current[r];
    if (!hit) return;
    results.hidden = true;
    searchInput.blur();
    if (hit.node !== undefined) selectNode(hit.node, true);
    else selectEntry(hit.entry);
  }
  searchInput.addEventListener("input", showResults);
  searchInput.addEventListener("focus", function () { if (searchInput.value.trim()) showResults(); });
  searchInput.addEventListener("blur", function () { results.hidden = true; });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { active = Math.min(active + 1, current.length - 1); highlightResult(); event.preventDefault(); }
    else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); highlightResult(); event.preventDefault(); }
    else if (event.key === "Enter") { choose(active); event.preventDefault(); }
    else if (event.key === "Escape") { searchInput.value = ""; results.hidden = true; }
  });

  // ---- neighbourhoods from kgraph serve ---------------------------------------

  // Served over http(s), the page asks /sparql on its own origin (the page's policy
  // allows no other); opened as a file, it can only say how to get there.
  var live = !!raw.iri && (location.protocol === "http:" || location.protocol === "https:");
  var expanded = new Set(); // keys whose neighbourhood was fetched
  var pending = new Map(); // key -> promise of the node index
  var edgeIds = null; // "kind s t predicate" of every edge, so none is added twice
  function localName(iri) { return iri.replace(/^.*[#/]/, ""); } // schema:Person -> Person
  function prefixes() {
    return Object.keys(raw.prefixes).map(function (name) {
      return "PREFIX " + name + ": <" + raw.prefixes[name] + ">";
    });
  }

  // The IRI of an entity key, percent-encoded as kgraph's RDF export writes it:
  // letters, digits and -_. stay, every other character becomes its UTF-8 bytes.
  var encoder = new TextEncoder();
  function entityIri(key) {
    var slash = key.indexOf("/");
    var out = "";
    for (var ch of key.slice(slash + 1)) {
      if (/^[\p{L}\p{N}_.-]$/u.test(ch)) out += ch;
      else encoder.encode(ch).forEach(function (b) { out += "%" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase(); });
    }
    return raw.iri + key.slice(0, slash) + "/" + out;
  }
  function iriKey(iri) { return decodeURIComponent(iri.slice(raw.iri.length)); }

  // The query the page sends (docs/queries/19-neighbourhood-of-an-entity.rq, explained in
  // docs/rdf.md): the entity's typed relations both ways and its strongest co-occurrences,
  // with what the page draws of each neighbour. Each part picks its few rows before it
  // looks up anything about them, so an entity named in thousands of sentences costs
  // about as much as any other.
  function neighbourhoodQuery(iri) {
    var e = "<" + iri + ">";
    var direction = function (pattern, filter, dir, assertion) {
      return [
        "      { { SELECT ?n ?p ?rank WHERE {",
        "            " + pattern + " FILTER(" + filter + " && ?n != " + e + ")",
        "            ?n kg:pageRank ?rank .",
        "          } ORDER BY DESC(?rank) ?n ?p LIMIT " + LIVE_RELATIONS + " }",
        "        BIND(\"" + dir + "\" AS ?dir)",
        "        OPTIONAL { ?r " + assertion + " ; kg:confidence ?confidence",
        "                   OPTIONAL { ?r kg:evidence ?ev } } }"
      ];
    };
    return prefixes().concat([
      "SELECT ?n ?label ?class ?pr ?dc ?p ?dir ?w ?count ?docs ?pmi WHERE {",
      "  {",
      "    SELECT ?n ?p ?dir (MAX(?confidence) AS ?w) (COUNT(DISTINCT ?ev) AS ?count) WHERE {"
    ], direction(e + " ?p ?n .", "?p != kg:coOccursWith", "out",
      "rdf:subject " + e + " ; rdf:predicate ?p ; rdf:object ?n"), [
      "      UNION"
    ], direction("?n ?p " + e + " .",
      // predicates whose subjects are never entities: skipped before any lookup
      "?p NOT IN (kg:coOccursWith, kg:refersTo, kg:member, rdf:subject, rdf:object, " +
      "schema:mentions, schema:author, schema:editor, schema:publisher)", "in",
      "rdf:subject ?n ; rdf:predicate ?p ; rdf:object " + e), [
      "    } GROUP BY ?n ?p ?dir ORDER BY DESC(MAX(?rank)) ?n ?p LIMIT " + LIVE_RELATIONS,
      "  }",
      "  UNION",
      "  {",
      "    { SELECT ?c ?w WHERE { ?c kg:member " + e + " ; kg:llr ?w } ORDER BY DESC(?w) ?c LIMIT " +
        LIVE_COOCCURRENCES + " }",
      "    ?c kg:member ?n ; kg:sentenceCount ?count ; kg:documentCount ?docs ; kg:pmi ?pmi .",
      "    FILTER(?n != " + e + ")",
      "  }",
      "  ?n rdfs:label ?label ; a ?class ; kg:pageRank ?pr .",
      "  OPTIONAL { ?n kg:documentCount ?dc }",
      "}"
    ]).join("\n");
  }

  function sparql(query) {
    return fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" },
      body: query
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          throw new Error("/sparql answered " + response.status + ": " + text.trim().slice(0, 200));
        });
      }
      return response.json();
    }, function (error) {
      throw new Error("/sparql did not answer (" + error.message + ")");
    });
  }

  // Fetch the neighbourhood of `key` (drawn or in the index), add it to the graph next
  // to the entity, and resolve to the entity's node index.
  function expand(key) {
    if (pending.has(key)) return pending.get(key);
    var promise = sparql(neighbourhoodQuery(entityIri(key))).then(function (answer) {
      var i = addNeighbourhood(key, answer.results.bindings);
      expanded.add(key);
      return i;
    });
    pending.set(key, promise);
    promise.catch(function () { pending.delete(key); });
    return promise;
  }

  function number0(binding, name, fallback) {
    return binding[name] ? +binding[name].value : fallback;
  }

  function addNeighbourhood(key, rows) {
    loadIndex();
    if (!edgeIds) {
      edgeIds = new Set();
      for (var j = 0; j < E; j++) edgeIds.add(edgeId(ecol.k[j], ecol.s[j], ecol.t[j], ecol.p[j]));
    }
    var nodes = [], edges = [], drawnNeighbours = [];
    var centre = keyIndex.has(key) ? keyIndex.get(key) : newNode(key, null, nodes);
    rows.forEach(function (row) {
      var near = iriKey(row.n.value);
      var other = keyIndex.has(near) ? keyIndex.get(near) : newNode(near, row, nodes);
      if (other < N) drawnNeighbours.push(other);
      var edge;
      if (row.docs) { // a co-occurrence, stored from the key that sorts first
        var forward = key < near;
        edge = { k: 1, s: forward ? centre : other, t: forward ? other : centre, p: -1,
          w: +row.w.value, n: +row.count.value, d: +row.docs.value, q: number0(row, "pmi", 0) };
      } else {
        var name = localName(row.p.value);
        var p = raw.preds.indexOf(name);
        if (p < 0) { p = raw.preds.length; raw.preds.push(name); }
        var out = row.dir.value === "out";
        edge = { k: 0, s: out ? centre : other, t: out ? other : centre, p: p,
          w: number0(row, "w", 1), n: number0(row, "count", 0), d: 0, q: 0 };
      }
      var id = edgeId(edge.k, edge.s, edge.t, edge.p);
      if (edgeIds.has(id)) return;
      edgeIds.add(id);
      edges.push(edge);
    });
    placeAround(centre, nodes, drawnNeighbours);
    grow(nodes, edges);
    return centre;
  }
  function edgeId(k, s, t, p) {
    if (k === 1 && s > t) { var swap = s; s = t; t = swap; }
    return k + " " + s + " " + t + " " + p;
  }

  // A node for an entity not drawn: from the index when it is there, else from the answer.
  function newNode(key, row, nodes) {
    var i = N + nodes.length;
    var r = indexKeys.get(key);
    var node = { key: key, x: 0, y: 0, d0: -1, d1: -1, com: -1, code: "", doc: -1 };
    if (r !== undefined) {
      node.label = index.label[r]; node.type = index.type[r]; node.al = index.al[r];
      node.pr = index.pr[r]; node.dc = index.dc[r];
    } else {
      var type = row ? localName(row["class"].value) : key.slice(0, key.indexOf("/"));
      var t = types.indexOf(type);
      if (t < 0) { t = types.length; types.push(type); typeCount.push(0); state.typeOn.push(true); }
      node.label = row ? row.label.value : key.slice(key.indexOf("/") + 1);
      node.type = t; node.al = ""; node.pr = row ? +row.pr.value : 0; node.dc = row ? number0(row, "dc", 0) : 0;
    }
    node.deg = ""; // not known here
    nodes.push(node);
    keyIndex.set(key, i);
    return i;
  }

  // New nodes fill a disc around the centre, as densely as the drawing (a sunflower
  // spiral, so that any number packs evenly). A centre that is new itself goes beside
  // its strongest drawn neighbour, or past the right edge of the drawing if it has none.
  function placeAround(centre, nodes, drawnNeighbours) {
    var turn = 2.399963 * expanded.size; // the golden angle: successive expansions spread out
    // About the spacing of drawn nodes (positions run from 0 to 10000), at most 400.
    var unit = Math.min(400, 10000 / Math.sqrt(Math.max(drawnAtLoad, 1)));
    if (centre >= N) {
      var home = nodes[centre - N];
      var best = -1;
      drawnNeighbours.forEach(function (k) { if (best < 0 || col.pr[k] > col.pr[best]) best = k; });
      if (best >= 0) {
        home.x = Math.round(col.x[best] + 3 * unit * Math.cos(turn));
        home.y = Math.round(col.y[best] + 3 * unit * Math.sin(turn));
      } else {
        var right = -Infinity, top = Infinity, bottom = -Infinity;
        for (var k = 0; k < N; k++) {
          right = Math.max(right, col.x[k]);
          top = Math.min(top, col.y[k]);
          bottom = Math.max(bottom, col.y[k]);
        }
        home.x = Math.round((N ? right : 0) + 4 * unit);
        home.y = Math.round((N ? (top + bottom) / 2 : 0) + 3 * unit * (expanded.size % 8));
      }
    }
    var cx = centre >= N ? nodes[centre - N].x : col.x[centre];
    var cy = centre >= N ? nodes[centre - N].y : col.y[centre];
    var ring = nodes.filter(function (node, m) { return N + m !== centre; });
    ring.forEach(function (node, m) {
      var angle = turn + 2.399963 * m, radius = 0.6 * unit * Math.sqrt(m + 2);
      node.x = Math.round(cx + radius * Math.cos(angle));
      node.y = Math.round(cy + radius * Math.sin(angle));
    });
  }

  // Append fetched nodes and edges to the columns, the adjacency and the drawn graph.
  function grow(nodes, edges) {
    var sizes = null;
    nodes.forEach(function (node) {
      ["label", "type", "x", "y", "pr", "dc", "deg", "com", "d0", "d1", "key", "al", "code", "doc"].forEach(function (name) {
        col[name].push(node[name]);
      });
      typeCount[node.type]++;
    });
    var before = N;
    N += nodes.length;
    if (edges.length) {
      var total = E + edges.length, next = {};
      Object.keys(ecol).forEach(function (name) {
        var column = new ecol[name].constructor(total);
        column.set(ecol[name]);
        edges.forEach(function (edge, m) { column[E + m] = edge[name]; });
        next[name] = column;
      });
      edges.forEach(function (edge) {
        kindCount[edge.k]++;
        if (edge.k === 1 && edge.w > maxLLR) maxLLR = edge.w;
      });
      ecol = next;
    }
    var firstEdge = E;
    E += edges.length;
    buildAdjacency();
    nodeVisible = new Uint8Array(N);
    edgeVisible = new Uint8Array(E);
    sizes = computeSizes();
    for (var i = before; i < N; i++) addNodeToGraph(i, sizes[i]);
    for (var j = firstEdge; j < E; j++) if (kindAdded[ecol.k[j]]) addEdgeToGraph(j);
    update();
  }

  // An entity of the index was chosen: fetch its neighbourhood when served, else say how.
  function selectEntry(r) {
    var key = entryKey(r);
    var drawn = fetchedNode(r);
    if (drawn >= 0) { selectNode(drawn, true); return; }
    state.selectedNode = -1;
    state.selectedEdge = -1;
    computeNeighbours();
    body.textContent = "";
    var t = index.type[r];
    append(body, typeBadge(t, TYPE_NAMES[typeName(t)] || typeName(t)));
    body.appendChild(el("h2", "", index.label[r]));
    body.appendChild(el("div", "key", key));
    var dl = el("dl");
    fact(dl, "Aliases", index.al[r] ? index.al[r].split("|").join("、") : "");
    fact(dl, "Documents", number(index.dc[r]));
    fact(dl, "PageRank", number(index.pr[r]));
    body.appendChild(dl);
    body.appendChild(el("div", "notice undrawn", "Not drawn: this page draws the " +
      drawnAtLoad.toLocaleString("en") + " strongest entities by PageRank."));
    body.appendChild(liveRow(key));
    openPanel();
    refresh();
    if (live) showNeighbourhood(key);
  }

  // The line of a panel that fetches a neighbourhood, or says how to get one.
  function liveRow(key) {
    var row = el("div", "live-row");
    row.id = "live";
    if (!live) {
      row.appendChild(el("div", "hint", "Run `kgraph serve FOLDER` and open this page at its address " +
        "(127.0.0.1:7878 by default) to see the neighbourhoods of entities it does not draw."));
      return row;
    }
    if (expanded.has(key)) {
      row.appendChild(el("div", "hint", "Neighbours fetched from kgraph serve."));
      return row;
    }
    var button = el("button", "action", "Fetch neighbours from kgraph serve");
    button.type = "button";
    button.id = "expand-button";
    button.addEventListener("click", function () { showNeighbourhood(key); });
    row.appendChild(button);
    return row;
  }

  function showNeighbourhood(key) {
    var row = document.getElementById("live");
    if (row) row.textContent = "Fetching neighbours from /sparql …";
    expand(key).then(function (i) {
      selectNode(i, true);
    }, function (error) {
      var now = document.getElementById("live");
      if (now) {
        now.textContent = "";
        now.appendChild(el("div", "notice", "Could not fetch the neighbourhood: " + error.message));
      }
    });
  }

  // ---- start -------------------------------------------------------------

  showCounts();
  if (raw.focus >= 0) {
    selectNode(raw.focus, false);
    setFocus(raw.focus, raw.hops);
  }

  var api = window.kgraphViewer = {
    readyAt: 0, // set once the first frame is through: two animation frames after the first render
    renderer: renderer,
    graph: graph,
    nodeCount: N,
    edgeCount: E,
    drawnCount: function () { return N; },
    renders: function () { return renders; },
    visibleNodeCount: function () { return counts.nodes; },
    visibleEdgeCount: function () { return counts.edges; },
    isVisible: function (key) { var i = keyIndex.get(key); return i !== undefined && nodeVisible[i] === 1; },
    search: function (query) { return search(query).map(hitKey); },
    // Select a node, or an entity of the index that is not drawn (fetching it when served).
    select: function (key) {
      var i = keyIndex.get(key);
      if (i !== undefined) { selectNode(i, true); return; }
      loadIndex();
      if (indexKeys.has(key)) selectEntry(indexKeys.get(key));
    },
    isDrawn: function (key) { return keyIndex.has(key); },
    undrawnCount: function () { return loadIndex().label.length; },
    live: live,
    iri: function (key) { return raw.iri ? entityIri(key) : null; },
    neighbourhoodQuery: function (key) { return raw.iri ? neighbourhoodQuery(entityIri(key)) : null; },
    // Fetch a neighbourhood from kgraph serve; resolves to the keys now linked to it.
    expand: function (key) {
      return expand(key).then(function (i) {
        var keys = new Set();
        for (var a = adjStart[i]; a < adjStart[i + 1]; a++) keys.add(nodeKey(other(adj[a], i)));
        return Array.from(keys).sort();
      });
    },
    selected: function () { return state.selectedNode >= 0 ? nodeKey(state.selectedNode) : null; },
    focus: function (key, hops) { var i = keyIndex.get(key); if (i !== undefined) setFocus(i, hops); },
    leaveFocus: function () { setFocus(-1, state.hops); },
    // Put a node in the middle of the view, without selecting it.
    center: function (key, ratio) {
      var i = keyIndex.get(key);
      if (i === undefined) return;
      var data = renderer.getNodeDisplayData(String(i));
      renderer.getCamera().setState({ x: data.x, y: data.y, ratio: ratio || 1 });
    },
    // A node's place in the drawing's own coordinates (0 to 10000 for the nodes of the page).
    coordinates: function (key) {
      var i = keyIndex.get(key);
      return i === undefined ? null : { x: col.x[i], y: col.y[i] };
    },
    // Where a node is drawn, in CSS pixels from the top left of the page.
    position: function (key) {
      var i = keyIndex.get(key);
      if (i === undefined) return null;
      var data = renderer.getNodeDisplayData(String(i));
      var point = renderer.framedGraphToViewport(data);
      var box = container.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    }
  };
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { api.readyAt = performance.now(); });
  });
})();
