"use strict";
const EXAMPLES = EXAMPLES_HERE;
const PREFIXES = PREFIX_MAP_HERE;
const form = document.getElementById("form");
const query = document.getElementById("query");
const results = document.getElementById("results");
const status = document.getElementById("status");
const downloads = document.getElementById("downloads");
const examples = document.getElementById("examples");
for (const name of Object.keys(EXAMPLES)) {
  const option = document.createElement("option");
  option.value = name; option.textContent = name; examples.appendChild(option);
}
examples.addEventListener("change", () => {
  if (examples.value) { query.value = EXAMPLES[examples.value]; }
});
function compact(iri) {
  let best = "";
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && ns.length > (PREFIXES[best] || "").length) { best = prefix; }
  }
  return best ? best + ":" + iri.slice(PREFIXES[best].length) : iri;
}
function cell(term) {
  const td = document.createElement("td");
  if (!term) { return td; }
  if (term.type === "uri") {
    td.textContent = compact(term.value); td.title = term.value;
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) { td.title = "@" + term["xml:lang"]; }
    if (term.datatype) {
      td.title = compact(term.datatype);
      if (/#(integer|decimal|double|float|long|int)$/.test(term.datatype)) { td.className = "num"; }
    }
  }
  return td;
}
function table(data, truncated) {
  const vars = data.head.vars || [];
  const rows = data.results.bindings;
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th"); th.textContent = v; head.appendChild(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) { tr.appendChild(cell(row[v])); }
  }
  let note = rows.length + (rows.length === 1 ? " row" : " rows");
  if (truncated) { note += " (cut at the server's limit of " + truncated + ")"; }
  return [t, note];
}
function link(format) {
  const a = document.createElement("a");
  a.href = "/sparql?format=" + format + "&query=" + encodeURIComponent(query.value);
  a.textContent = format; a.download = "results." + format;
  return a;
}
async function run() {
  results.replaceChildren(); downloads.replaceChildren();
  status.textContent = "running…";
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: new URLSearchParams({query: query.value}),
    });
  } catch (error) {
    status.textContent = ""; show("error", String(error)); return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const type = response.headers.get("Content-Type") || "";
  const text = await response.text();
  if (!response.ok) {
    status.textContent = response.status + " " + response.statusText + " (" + seconds + " s)";
    show("error", text); return;
  }
  if (type.startsWith("application/sparql-results+json")) {
    const data = JSON.parse(text);
    if ("boolean" in data) {
      status.textContent = seconds + " s"; show("graph", String(data.boolean)); return;
    }
    const [t, note] = table(data, response.headers.get("X-SPARQL-MaxRows"));
    status.textContent = note + ", " + seconds + " s";
    results.appendChild(t);
    downloads.append("Download: ", link("csv"), " ", link("tsv"), " ", link("json"));
  } else {
    status.textContent = seconds + " s";
    show("graph", text);
    downloads.append("Download: ", link("turtle"));
  }
}
function show(kind, text) {
  const pre = document.createElement("pre");
  pre.className = kind; pre.textContent = text; results.appendChild(pre);
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  history.replaceState(null, "", "/sparql?query=" + encodeURIComponent(query.value));
  run();
});
const given = new URLSearchParams(location.search).get("query");
if (given) { query.value = given; run(); }
else { query.value = EXAMPLES[Object.keys(EXAMPLES)[0]]; }
