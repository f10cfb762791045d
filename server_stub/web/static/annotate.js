// Drawing on frames: an SVG layer over the asset page's player, scaled with the picture, showing the drawings
// of the frame the player reports (figure.dataset.frame, which player.js sets from the frame actually shown).
// Shapes are kept in picture fractions (0..1), as the API stores them. A drawing is saved with its comment in
// one request; an edit or a delete is a new revision on the server (never lost). Text is written with
// textContent and SVG text nodes, never as markup.
const NS = "http://www.w3.org/2000/svg";
const KINDS = ["pen", "arrow", "rect", "ellipse", "text"];

const panel = document.getElementById("drawing");
if (panel) start(panel);

function start(panel) {
  const code = panel.dataset.project;
  const versionId = Number(panel.dataset.versionId);
  const canDraw = panel.dataset.canDraw === "1";
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const status = panel.querySelector("#drawing-status");
  const list = panel.querySelector("#drawing-list");
  const form = panel.querySelector("#drawing-form");
  const commentBox = panel.querySelector("#drawing-comment");
  const frameOut = panel.querySelector("#drawing-frame");
  const colour = panel.querySelector("#draw-colour");
  const textField = panel.querySelector("#draw-text");
  const toggle = panel.querySelector("[data-draw=toggle]");
  const saveButton = panel.querySelector("[data-draw=save]");

  const drawings = new Map();  // id → drawing as the server answered it
  let draft = [];  // shapes being drawn (or the edited drawing's shapes)
  let editing = null;  // the id of the drawing being edited
  let tool = "pen";
  let drawingOn = false;
  let layer = null, figure = null, picture = null, box = null;
  let counter = 0;

  const frame = () => (figure ? Number(figure.dataset.frame || 0) : 0);
  // Where a new drawing goes: the player's loop range when one is set (as the comment form pins), else the
  // frame shown. The loop is read from the player's own label ("loop 10–14").
  function target() {
    const loop = /loop (\d+)–(\d+)/.exec(figure?.querySelector(".loop-label")?.textContent || "");
    if (loop && loop[1] !== loop[2]) return { frame: Number(loop[1]), frame_end: Number(loop[2]) };
    return { frame: frame() };
  }
  const targetText = () => { const t = target(); return t.frame_end != null ? `frames ${t.frame}–${t.frame_end}` : `frame ${t.frame}`; };
  const on = (d, f) => !d.deleted && d.frame <= f && f <= (d.frame_end ?? d.frame);
  const say = (text) => { status.textContent = text; };

  // --- the layer over the picture ------------------------------------------------------------------
  function attach() {
    const area = document.querySelector(".viewer .previews");
    const found = area && (area.querySelector("figure.role-proxy[data-state=ready]") ||
                           area.querySelector("figure.preview[data-state=ready] [data-player=frames]")?.closest("figure"));
    if (!found || found === figure) return;
    figure = found;
    picture = figure.querySelector("video[data-player=video]") || figure.querySelector("[data-player=frames] img");
    figure.classList.add("has-drawing");
    layer = document.createElementNS(NS, "svg");
    layer.setAttribute("class", "drawing-layer");
    layer.setAttribute("data-testid", "drawing-layer");
    layer.setAttribute("aria-hidden", "true");
    figure.append(layer);
    new MutationObserver(paint).observe(figure, { attributes: true, attributeFilter: ["data-frame"] });
    new ResizeObserver(place).observe(picture);
    picture.addEventListener("loadedmetadata", place);
    picture.addEventListener("load", place);
    layer.addEventListener("pointerdown", down);
    layer.addEventListener("pointermove", move);
    layer.addEventListener("pointerup", up);
    layer.addEventListener("pointercancel", up);
    setMode(drawingOn);
    place();
  }

  function place() {
    // The picture's own rectangle inside its element (object-fit: contain letterboxes it).
    if (!picture || !layer) return;
    const natW = picture.videoWidth || picture.naturalWidth || 16, natH = picture.videoHeight || picture.naturalHeight || 9;
    const el = picture.getBoundingClientRect(), fig = figure.getBoundingClientRect();
    const scale = Math.min(el.width / natW, el.height / natH);
    const w = natW * scale, h = natH * scale;
    box = { left: el.left - fig.left + (el.width - w) / 2, top: el.top - fig.top + (el.height - h) / 2, w, h };
    Object.assign(layer.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${w}px`, height: `${h}px` });
    layer.setAttribute("viewBox", `0 0 ${w} ${h}`);
    paint();
  }

  // --- painting ------------------------------------------------------------------------------------
  function el(name, attrs) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }

  function shapeNode(shape) {
    const { w, h } = box;
    const pts = shape.points.map(([x, y]) => [x * w, y * h]);
    const stroke = { stroke: shape.color, "stroke-width": Math.max(1, (shape.width ?? 0.004) * h), fill: "none",
                     "stroke-linecap": "round", "stroke-linejoin": "round" };
    if (shape.kind === "pen") return el("polyline", { ...stroke, points: pts.map((p) => p.join(",")).join(" ") });
    if (shape.kind === "arrow") {
      const [[x0, y0], [x1, y1]] = pts;
      const a = Math.atan2(y1 - y0, x1 - x0), size = Math.max(stroke["stroke-width"] * 5, h * 0.04);
      const g = el("g", {});
      g.append(el("line", { ...stroke, x1: x0, y1: y0, x2: x1, y2: y1 }));
      for (const side of [-1, 1]) {
        g.append(el("line", { ...stroke, x1, y1, x2: x1 - size * Math.cos(a + side * 0.45), y2: y1 - size * Math.sin(a + side * 0.45) }));
      }
      return g;
    }
    if (shape.kind === "rect" || shape.kind === "ellipse") {
      const [[x0, y0], [x1, y1]] = pts;
      const x = Math.min(x0, x1), y = Math.min(y0, y1), rw = Math.abs(x1 - x0), rh = Math.abs(y1 - y0);
      return shape.kind === "rect" ? el("rect", { ...stroke, x, y, width: rw, height: rh })
        : el("ellipse", { ...stroke, cx: x + rw / 2, cy: y + rh / 2, rx: rw / 2, ry: rh / 2 });
    }
    const text = el("text", { x: pts[0][0], y: pts[0][1], fill: shape.color, "dominant-baseline": "hanging",
                              "font-size": Math.max(12, (shape.width ?? 0.004) * h * 6) });
    text.textContent = shape.text;
    return text;
  }

  function paint() {
    if (!layer || !box) return;
    const f = frame();
    if (frameOut) frameOut.textContent = targetText();
    layer.replaceChildren();
    for (const d of drawings.values()) {
      if (!on(d, f) || d.id === editing) continue;
      const g = el("g", { "data-annotation": d.id, class: d.mine ? "mine" : "" });
      d.shapes.forEach((s) => { const n = shapeNode(s); n.setAttribute("data-shape", s.id); g.append(n); });
      layer.append(g);
    }
    const g = el("g", { class: "draft", "data-testid": "drawing-draft" });
    draft.forEach((s) => { const n = shapeNode(s); n.setAttribute("data-shape", s.id); g.append(n); });
    layer.append(g);
    layer.dataset.frame = String(f);
    layer.dataset.shown = [...drawings.values()].filter((d) => on(d, f)).map((d) => d.id).join(",");
    listDrawings(f);
  }

  // --- pointer: drawing shapes -----------------------------------------------------------------------
  let current = null;
  const at = (e) => {
    const r = layer.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, v));
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  };
  const newId = () => `s${Date.now().toString(36)}${(counter += 1).toString(36)}`;

  // How far (in picture fractions) a point is from a shape's lines.
  function segment(p, a, b) {
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const t = dx || dy ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy))) : 0;
    return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
  }
  function outline(s) {
    if (s.kind === "pen" || s.kind === "arrow" || s.kind === "text") return s.points;
    const [[x0, y0], [x1, y1]] = s.points;
    if (s.kind === "rect") return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    return [...Array(33).keys()].map((i) => [(x0 + x1) / 2 + ((x1 - x0) / 2) * Math.cos((i * Math.PI) / 16),
                                              (y0 + y1) / 2 + ((y1 - y0) / 2) * Math.sin((i * Math.PI) / 16)]);
  }
  function distance(s, p) {
    const line = outline(s);
    if (line.length === 1) return Math.hypot(p[0] - line[0][0], p[1] - line[0][1]);
    let best = Infinity;
    for (let i = 1; i < line.length; i += 1) best = Math.min(best, segment(p, line[i - 1], line[i]));
    return best;
  }

  function down(e) {
    if (!drawingOn) return;
    e.preventDefault();
    const p = at(e);
    if (tool === "erase") {  // the draft's shape nearest the click, if the click is close to it
      const near = draft.map((s) => [distance(s, p), s]).sort((a, b) => a[0] - b[0])[0];
      if (near && near[0] < 0.03) { draft = draft.filter((s) => s !== near[1]); paint(); }
      return;
    }
    const base = { id: newId(), kind: tool, color: colour.value, width: 0.004 };
    if (tool === "text") {
      const words = textField.value.trim();
      if (!words) { textField.focus(); say("Write the text first, then click where it goes."); return; }
      draft.push({ ...base, points: [p], text: words.slice(0, 500) });
      paint();
      return;
    }
    layer.setPointerCapture(e.pointerId);
    current = { ...base, points: tool === "pen" ? [p] : [p, p] };
    draft.push(current);
    paint();
  }
  function move(e) {
    if (!current) return;
    const p = at(e);
    if (current.kind === "pen") {
      const last = current.points[current.points.length - 1];
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.002 && current.points.length < 2000) current.points.push(p);
    } else current.points[1] = p;
    paint();
  }
  function up() {
    if (!current) return;
    const [a, b] = [current.points[0], current.points[current.points.length - 1]];
    if (current.kind === "pen" && current.points.length === 1) current.points.push(a);
    if (current.kind !== "pen" && Math.hypot(b[0] - a[0], b[1] - a[1]) < 0.003) draft.pop();  // a click, not a shape
    current = null;
    paint();
  }

  // --- the panel -------------------------------------------------------------------------------------
  function setMode(value) {
    drawingOn = value;
    if (layer) layer.classList.toggle("drawing", value);
    if (toggle) { toggle.setAttribute("aria-pressed", String(value)); toggle.textContent = value ? "Stop drawing" : "Draw"; }
    if (form) form.hidden = !value && !draft.length;
    if (frameOut && figure) frameOut.textContent = targetText();
  }
  function setTool(name) {
    tool = name;
    panel.querySelectorAll("[data-tool]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.tool === name)));
  }
  function reset() {
    draft = []; editing = null;
    if (commentBox) { commentBox.value = ""; commentBox.disabled = false; }
    if (saveButton) saveButton.textContent = "Save drawing";
    setMode(false);
    paint();
  }

  async function call(method, path, body) {
    const answer = await fetch(path, { method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      const error = data.error || {};
      const why = error.message || (Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : answer.statusText);
      throw new Error(why);
    }
    return data;
  }

  async function save(e) {
    e.preventDefault();
    if (!draft.length) { say("Draw something first."); return; }
    const shapes = draft.map(({ id, kind, color, width, points, text }) => (kind === "text" ? { id, kind, color, width, points, text }
      : { id, kind, color, width, points }));
    try {
      let saved;
      if (editing !== null) {
        saved = await call("PUT", `/p/${encodeURIComponent(code)}/annotations/${editing}`, { shapes });
        say(`Drawing changed (revision ${saved.revision}); the earlier one stays in its history.`);
      } else {
        const text = commentBox.value.trim();
        if (!text) { commentBox.focus(); say("Say what the drawing is about: a drawing comes with its comment."); return; }
        saved = await call("POST", `/p/${encodeURIComponent(code)}/v/${versionId}/annotations`, { text, ...target(), shapes });
        say(`Drawing saved on ${saved.frame_end != null ? `frames ${saved.frame}–${saved.frame_end}` : `frame ${saved.frame}`}.`);
      }
      drawings.set(saved.id, saved);
      reset();
    } catch (error) {
      say(`Not saved: ${error.message}`);
    }
  }

  function edit(d) {
    editing = d.id;
    draft = d.shapes.map((s) => ({ ...s, points: s.points.map((p) => [...p]) }));
    if (commentBox) { commentBox.disabled = true; }
    if (saveButton) saveButton.textContent = "Save changes";
    setMode(true);
    say(`Editing the drawing on frame ${d.frame}: add shapes, or erase some, then save.`);
    paint();
  }

  async function remove(d) {
    try {
      const saved = await call("DELETE", `/p/${encodeURIComponent(code)}/annotations/${d.id}`);
      drawings.set(saved.id, saved);
      if (editing === d.id) reset();
      say(`Drawing deleted (revision ${saved.revision}); its history keeps it.`);
      paint();
    } catch (error) { say(`Not deleted: ${error.message}`); }
  }

  async function showHistory(d, item) {
    try {
      const revisions = await call("GET", `/p/${encodeURIComponent(code)}/annotations/${d.id}/history`);
      const ol = document.createElement("ol");
      ol.className = "drawing-history";
      ol.dataset.testid = "drawing-history";
      for (const r of revisions) {
        const li = document.createElement("li");
        li.textContent = `revision ${r.revision}: ${r.change} by ${r.author}, ${r.shapes.length} shape${r.shapes.length === 1 ? "" : "s"}, frame ${r.frame}`;
        ol.append(li);
      }
      item.querySelector(".drawing-history")?.remove();
      item.append(ol);
    } catch (error) { say(`No history: ${error.message}`); }
  }

  function button(label, act) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "linkish"; b.textContent = label;
    b.addEventListener("click", act);
    return b;
  }

  function listDrawings(f) {
    if (!list) return;
    const here = [...drawings.values()].filter((d) => on(d, f));
    const ids = here.map((d) => `${d.id}:${d.revision}`).join(",");
    if (list.dataset.ids === ids) return;  // unchanged: keep what is open (a history)
    list.dataset.ids = ids;
    list.replaceChildren();
    for (const d of here) {
      const li = document.createElement("li");
      li.dataset.annotation = String(d.id);
      const where = d.frame_end != null ? `frames ${d.frame}–${d.frame_end}` : `frame ${d.frame}`;
      const head = document.createElement("span");
      head.textContent = `${where} · ${d.author} · ${d.shapes.length} shape${d.shapes.length === 1 ? "" : "s"} · `;
      const q = document.createElement("q");
      q.textContent = d.text;
      li.append(head, q, " ");
      const png = document.createElement("a");
      png.href = `/p/${encodeURIComponent(code)}/annotations/${d.id}/flat.png`;
      png.textContent = "PNG";
      li.append(png, " ");
      if (d.mine && canDraw) li.append(button("Edit", () => edit(d)), " ", button("Delete", () => remove(d)), " ");
      li.append(button("History", () => showHistory(d, li)));
      list.append(li);
    }
    if (!here.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = "No drawing on this frame.";
      list.append(li);
    }
  }

  async function load() {
    try {
      const all = await call("GET", `/p/${encodeURIComponent(code)}/v/${versionId}/annotations`);
      drawings.clear();
      all.forEach((d) => drawings.set(d.id, d));
      panel.dataset.loaded = String(Number(panel.dataset.loaded || 0) + 1);
      paint();
    } catch (error) { say(`Drawings could not be loaded: ${error.message}`); }
  }

  if (canDraw) {
    toggle.addEventListener("click", () => setMode(!drawingOn));
    panel.querySelectorAll("[data-tool]").forEach((b) => b.addEventListener("click", () => { setTool(b.dataset.tool); setMode(true); }));
    panel.querySelector("[data-draw=undo]").addEventListener("click", () => { draft.pop(); paint(); });
    panel.querySelector("[data-draw=cancel]").addEventListener("click", () => { reset(); say(""); });
    form.addEventListener("submit", save);
    setTool(KINDS[0]);
  }
  // Another reviewer's drawing (or this one's, from another window) arrives on the live stream.
  document.addEventListener("brickyard:annotation", (e) => {
    if (Number(e.detail?.data?.version_id) === versionId) load();
  });
  new MutationObserver(attach).observe(document.querySelector(".viewer") || document.body, { childList: true, subtree: true });
  attach();
  load();
}
