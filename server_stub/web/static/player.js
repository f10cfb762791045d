// Preview players: frame sequences scrubbed frame by frame, videos stepped by frame, and the A/B compare
// (side by side or a wipe) kept on the same frame. The integer frame index is the source of truth.

const EPSILON = 1e-4;

function framePlayer(figure, fps) {
  const box = figure.querySelector("[data-player=frames]");
  const frames = JSON.parse(box.dataset.frames);
  const img = box.querySelector("img");
  const scrub = figure.querySelector(".scrub");
  const label = figure.querySelector(".frame-label");
  const cache = frames.map(([, url]) => { const i = new Image(); i.src = url; return i; });
  let index = 0, timer = null;
  const listeners = [];
  function show(i, quiet) {
    index = (i + frames.length) % frames.length;
    img.src = cache[index].src;
    img.alt = `frame ${frames[index][0]}`;
    scrub.value = String(index);
    const text = `frame ${frames[index][0]} (${index + 1} of ${frames.length})`;
    label.textContent = text;
    scrub.setAttribute("aria-valuetext", text);
    if (!quiet) listeners.forEach((f) => f(index));
  }
  function toggle() {
    const button = figure.querySelector("[data-act=play]");
    if (timer) { clearInterval(timer); timer = null; button.textContent = "▶︎"; return; }
    timer = setInterval(() => show(index + 1), 1000 / fps);
    button.textContent = "❚❚";
  }
  scrub.addEventListener("input", () => show(Number(scrub.value)));
  figure.querySelector("[data-act=prev]").addEventListener("click", () => show(index - 1));
  figure.querySelector("[data-act=next]").addEventListener("click", () => show(index + 1));
  figure.querySelector("[data-act=play]").addEventListener("click", toggle);
  return { kind: "frames", element: box, step: (d) => show(index + d), toggle, go: (i) => show(i, true),
           onFrame: (f) => listeners.push(f), get frame() { return index; } };
}

function videoPlayer(figure, fps) {
  const video = figure.querySelector("video");
  const label = figure.querySelector(".frame-label");
  const listeners = [];
  const frameOf = (t) => Math.floor(t * fps + EPSILON);
  function paint(t) { if (label) label.textContent = `frame ${frameOf(t) + 1}`; }
  function watch() {
    if (video.requestVideoFrameCallback) {
      video.requestVideoFrameCallback((_now, meta) => { paint(meta.mediaTime); watch(); });
    }
  }
  watch();
  video.addEventListener("seeked", () => { paint(video.currentTime); listeners.forEach((f) => f(frameOf(video.currentTime))); });
  video.addEventListener("pause", () => listeners.forEach((f) => f(frameOf(video.currentTime))));
  // Seek to the middle of a frame: an exact frame start may land on the end of the previous one.
  const go = (n) => { video.pause(); video.currentTime = (Math.max(n, 0) + 0.5) / fps; };
  const buttons = figure.querySelectorAll("[data-act]");
  buttons.forEach((b) => b.addEventListener("click", () => go(frameOf(video.currentTime) + (b.dataset.act === "next" ? 1 : -1))));
  return { kind: "video", element: video, step: (d) => go(frameOf(video.currentTime) + d),
           toggle: () => (video.paused ? video.play() : video.pause()), go, onFrame: (f) => listeners.push(f),
           get frame() { return frameOf(video.currentTime); } };
}

function simplePlayer(figure) {
  const media = figure.querySelector("audio, img");
  return { kind: "other", element: media, step() {}, go() {}, onFrame() {},
           toggle: () => { if (media.play) { media.paused ? media.play() : media.pause(); } } };
}

const everyPlayer = [];  // of the whole page, so a preview area swapped in later links to the compare

export function setUpPlayers(root = document) {
  const players = [];
  const areas = root.matches && root.matches(".previews") ? [root] : root.querySelectorAll(".previews");
  areas.forEach((area) => {
    const fps = Number(area.dataset.fps) || 24;
    area.querySelectorAll("figure.preview[data-state=ready]").forEach((figure) => {
      let player;
      if (figure.querySelector("[data-player=frames]")) player = framePlayer(figure, fps);
      else if (figure.querySelector("[data-player=video]")) player = videoPlayer(figure, fps);
      else player = simplePlayer(figure);
      player.area = area;
      players.push(player);
      everyPlayer.push(player);
      player.element.addEventListener("keydown", (e) => {
        if (e.key === "ArrowRight") { player.step(1); e.preventDefault(); }
        if (e.key === "ArrowLeft") { player.step(-1); e.preventDefault(); }
      });
    });
  });
  const compare = document.querySelector(".compare");
  if (compare) linkCompare(compare, players);
  return players;
}

function linkCompare(compare, fresh) {
  // A drives B: the same frame on every step, seek and pause, between the first players of each kind
  // (the proxies, the frame sequences). Only pairs with a player new to the page are linked here.
  const live = everyPlayer.filter((p) => p.element.isConnected);
  const first = (pane, kind) => live.find((p) => p.kind === kind && compare.querySelector(pane).contains(p.element));
  for (const kind of ["frames", "video"]) {
    const a = first(".pane-a", kind), b = first(".pane-b", kind);
    if (a && b && (fresh.includes(a) || fresh.includes(b))) {
      a.onFrame((i) => b.go(i));
      b.onFrame((i) => a.go(i));
    }
  }
  if (compare.dataset.linked) return;
  compare.dataset.linked = "1";
  const slider = compare.querySelector(".wipe-slider");
  const paneB = compare.querySelector(".pane-b");
  const wipe = () => {
    paneB.style.clipPath = compare.dataset.mode === "wipe" ? `inset(0 0 0 ${slider.value}%)` : "";
  };
  slider.addEventListener("input", wipe);
  wipe();
  compare.toggleMode = () => {
    compare.dataset.mode = compare.dataset.mode === "wipe" ? "side" : "wipe";
    compare.classList.toggle("mode-wipe", compare.dataset.mode === "wipe");
    compare.classList.toggle("mode-side", compare.dataset.mode !== "wipe");
    wipe();
  };
}
