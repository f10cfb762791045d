// The frame-exact player, for review proxies (a <video>) and frame sequences (one image per frame), and the
// A/B compare kept on the same frame. The integer frame number is the truth: the label, the timecode,
// the slider, the URL (?frame=N) and pinned comments all carry it. A video reports the frame it *shows*:
// requestVideoFrameCallback's mediaTime of the presented frame, round(mediaTime × fps); a seek aims half
// a frame in, so it lands inside the frame asked for. Rates and timecode come from timecode.js.
import { rateOf, timecode, frameAt, seekTime } from "./timecode.js";

const SPEEDS = [0.25, 0.5, 0.75, 1, 1.5, 2];

// --- sources: what a frame index means for a video or a sequence -----------------------------------

function videoSource(video, rate) {
  const listeners = [];
  let shown = 0, wanted = null;
  const notify = () => listeners.forEach((f) => f(shown));
  // A seek in flight is the base of the next step (keys pressed faster than frames decode add up).
  const report = (index) => { shown = index; if (index === wanted || !video.paused) wanted = null; notify(); };
  function watch() {
    video.requestVideoFrameCallback((_now, meta) => { report(frameAt(meta.mediaTime, rate)); watch(); });
  }
  const atCurrentTime = () => Math.min(Math.floor(video.currentTime * rate.num / rate.den),
                                      Math.max(0, Math.round((video.duration || 0) * rate.num / rate.den) - 1));
  if (video.requestVideoFrameCallback) {
    watch();
    // A frame callback can miss a seek's frame: when it is composited while the previous callback is still
    // on its way, the next one waits for a frame a paused video never composites (seen under load, opening
    // at ?frame=N: the picture on N, the player saying 0). A paused video's finished seek shows the frame
    // at currentTime.
    video.addEventListener("seeked", () => { if (video.paused && atCurrentTime() !== shown) report(atCurrentTime()); });
  } else {  // no frame callbacks: trust the seek target, and currentTime while playing
    video.addEventListener("seeked", () => report(wanted ?? atCurrentTime()));
    video.addEventListener("timeupdate", () => { if (!video.paused) report(atCurrentTime()); });
  }
  return {
    get count() { return Math.max(1, Math.round((video.duration || 0) * rate.num / rate.den)); },
    get shown() { return shown; },
    get target() { return wanted ?? shown; },
    get playing() { return !video.paused; },
    ready: new Promise((ok) => (video.readyState >= 1 ? ok() : video.addEventListener("loadedmetadata", ok, { once: true }))),
    show(index) { wanted = index; video.currentTime = seekTime(index, rate); },
    play(speed) { wanted = null; video.playbackRate = speed; return video.play(); },
    pause() { video.pause(); },
    setSpeed(speed) { video.playbackRate = speed; },
    onShown(f) { listeners.push(f); },
    onEnded(f) { video.addEventListener("ended", f); },
  };
}

function frameSource(box, rate) {
  const frames = JSON.parse(box.dataset.frames);
  const img = box.querySelector("img");
  const cache = frames.map(([, url]) => { const i = new Image(); i.src = url; return i; });
  const listeners = [], ended = [];
  let shown = 0, timer = null;
  function show(index) {
    shown = index;
    img.src = cache[index].src;
    img.alt = `frame ${frames[index][0]}`;
    listeners.forEach((f) => f(shown));
  }
  function start(speed) {
    clearInterval(timer);
    timer = setInterval(() => { if (shown + 1 >= frames.length) ended.forEach((f) => f()); else show(shown + 1); },
      (1000 * rate.den) / (rate.num * speed));
  }
  return {
    count: frames.length,
    get shown() { return shown; },
    get target() { return shown; },
    get playing() { return timer !== null; },
    ready: Promise.resolve(),
    show,
    play(speed) { start(speed); return Promise.resolve(); },
    pause() { clearInterval(timer); timer = null; },
    setSpeed(speed) { if (timer !== null) start(speed); },
    onShown(f) { listeners.push(f); },
    onEnded(f) { ended.push(f); },
    number: (index) => frames[index][0],
  };
}

// --- the player: controls, loop, speed, slider, keys -----------------------------------------------

function lettersOff() { return localStorage.getItem("brickyard.letters-off") === "1"; }

function makePlayer(figure, kind, element, source, rate, first) {
  const controls = figure.querySelector(".controls");
  const slider = figure.querySelector(".scrubber");
  const label = figure.querySelector(".frame-label");
  const tc = figure.querySelector(".timecode");
  const playButton = figure.querySelector("[data-act=play]");
  const speedSelect = figure.querySelector("[data-act=speed]");
  const loopLabel = figure.querySelector(".loop-label");
  const band = figure.querySelector(".loop-band");
  const listeners = [], asked = [];  // asked: told to go to a frame (the compare starts B's seek at once)
  const numberOf = (index) => (source.number ? source.number(index) : first + index);
  const indexOf = (number) => (source.number ? Math.max(0, [...Array(source.count).keys()].findIndex((i) => source.number(i) >= number)) : number - first);
  let loop = null;  // {from, to} as indexes
  let speed = 1;
  const last = () => source.count - 1;
  const clamp = (i) => Math.min(Math.max(i, 0), last());

  function paint(index) {
    const number = numberOf(index);
    const time = timecode(number, rate);
    label.textContent = `frame ${number} (${index + 1} of ${source.count})`;
    if (tc) tc.textContent = time;
    slider.setAttribute("aria-valuemin", String(numberOf(0)));
    slider.setAttribute("aria-valuemax", String(numberOf(last())));
    slider.setAttribute("aria-valuenow", String(number));
    slider.setAttribute("aria-valuetext", `frame ${number}, ${time}`);
    slider.style.setProperty("--at", `${(100 * index) / Math.max(last(), 1)}%`);
    figure.dataset.frame = String(number);
  }
  function paintLoop() {
    if (!loop) { loopLabel.textContent = ""; band.hidden = true; return; }
    loopLabel.textContent = `loop ${numberOf(loop.from)}–${numberOf(loop.to)}`;
    band.hidden = false;
    band.style.left = `${(100 * loop.from) / Math.max(last(), 1)}%`;
    band.style.width = `${(100 * (loop.to - loop.from)) / Math.max(last(), 1)}%`;
  }
  source.onShown((index) => {
    if (loop && source.playing && (index > loop.to || index < loop.from)) { source.show(loop.from); return; }
    paint(index);
    listeners.forEach((f) => f(index));
  });
  source.onEnded(() => {
    if (loop) { source.show(loop.from); source.play(speed); return; }
    source.pause(); playButton.textContent = "▶︎"; playButton.setAttribute("aria-label", "play");
  });

  function go(index) {
    if (source.playing) toggle();
    source.show(clamp(index));
    asked.forEach((f) => f(clamp(index)));
  }
  function step(delta) { go(source.target + delta); }
  function toggle() {
    if (source.playing) {
      source.pause();
      playButton.textContent = "▶︎"; playButton.setAttribute("aria-label", "play");
      return;
    }
    if (loop && (source.shown < loop.from || source.shown >= loop.to)) source.show(loop.from);
    source.play(speed);
    playButton.textContent = "❚❚"; playButton.setAttribute("aria-label", "pause");
  }
  function setLoop(end) {
    const here = source.shown;
    const from = end === "in" ? here : (loop ? loop.from : 0);
    const to = end === "out" ? here : (loop ? loop.to : last());
    loop = from <= to ? { from, to } : { from: to, to: from };
    paintLoop();
    listeners.forEach((f) => f(source.shown));
  }
  function setSpeed(value) {
    speed = value;
    speedSelect.value = String(value);
    source.setSpeed(value);
  }
  const second = () => rate.nominal;
  const actions = {
    prev: () => step(-1), next: () => step(1), play: toggle,
    "back-second": () => step(-second()), "forward-second": () => step(second()),
    in: () => setLoop("in"), out: () => setLoop("out"), "clear-loop": () => { loop = null; paintLoop(); listeners.forEach((f) => f(source.shown)); },
  };
  figure.querySelectorAll("button[data-act]").forEach((b) => b.addEventListener("click", () => actions[b.dataset.act]()));
  speedSelect.addEventListener("change", () => setSpeed(Number(speedSelect.value)));

  // The slider: the ARIA pattern's keys always; pointer drags seek frame by frame.
  slider.addEventListener("keydown", (e) => {
    const keys = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: second(), PageDown: -second() };
    if (e.key in keys) { step(keys[e.key] * (e.shiftKey ? second() : 1)); e.preventDefault(); e.stopPropagation(); }
    if (e.key === "Home") { go(0); e.preventDefault(); e.stopPropagation(); }
    if (e.key === "End") { go(last()); e.preventDefault(); e.stopPropagation(); }
  });
  const seekTo = (e) => {
    const box = slider.getBoundingClientRect();
    go(Math.round(((e.clientX - box.left) / box.width) * last()));
  };
  slider.addEventListener("pointerdown", (e) => { slider.setPointerCapture(e.pointerId); seekTo(e); slider.focus(); });
  slider.addEventListener("pointermove", (e) => { if (slider.hasPointerCapture(e.pointerId)) seekTo(e); });

  // Single-key shortcuts: only while focus is inside this player, and off when the reviewer turned them off.
  figure.addEventListener("keydown", (e) => {
    if (e.target.closest("select, input, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (lettersOff()) return;
    const keys = {
      ArrowRight: () => step(e.shiftKey ? second() : 1), ArrowLeft: () => step(e.shiftKey ? -second() : -1),
      ".": () => step(1), ",": () => step(-1), " ": toggle, i: () => setLoop("in"), o: () => setLoop("out"),
      "[": () => setSpeed(SPEEDS[Math.max(SPEEDS.indexOf(speed) - 1, 0)]),
      "]": () => setSpeed(SPEEDS[Math.min(SPEEDS.indexOf(speed) + 1, SPEEDS.length - 1)]),
    };
    if (e.key === " " && e.target.closest("button")) return;  // a focused button presses itself
    const act = keys[e.key];
    if (act) { act(); e.preventDefault(); e.stopPropagation(); }
  });

  source.ready.then(() => { paint(source.shown); paintLoop(); });
  controls.dataset.ready = "1";
  return {
    kind, element, figure, rate, first, step, toggle,
    go: (index) => go(index),  // by index (the compare links players index to index)
    seek: (number) => go(indexOf(number)),  // by frame number
    onFrame: (f) => listeners.push(f),
    onGo: (f) => asked.push(f),
    get frame() { return source.shown; },
    get target() { return source.target; },
    get playing() { return source.playing; },
    get number() { return numberOf(source.shown); },
    get loop() { return loop && { from: numberOf(loop.from), to: numberOf(loop.to) }; },
    get ready() { return source.ready; },
  };
}

function simplePlayer(figure) {
  const media = figure.querySelector("audio, img");
  return { kind: "other", element: media, figure, step() {}, go() {}, seek() {}, onFrame() {},
           toggle: () => { if (media.play) { media.paused ? media.play() : media.pause(); } } };
}

const everyPlayer = [];  // of the whole page, so a preview area swapped in later links to the compare

export function setUpPlayers(root = document) {
  const players = [];
  const areas = root.matches && root.matches(".previews") ? [root] : root.querySelectorAll(".previews");
  areas.forEach((area) => {
    area.querySelectorAll("figure.preview[data-state=ready]").forEach((figure) => {
      let player;
      const frames = figure.querySelector("[data-player=frames]");
      const video = figure.querySelector("[data-player=video]");
      if (frames) {
        const rate = rateOf(Number(frames.dataset.fps) || Number(area.dataset.fps) || 24);
        player = makePlayer(figure, "frames", frames, frameSource(frames, rate), rate, 0);
      } else if (video) {
        const rate = rateOf(Number(video.dataset.fps) || Number(area.dataset.fps) || 24);
        player = makePlayer(figure, "video", video, videoSource(video, rate), rate, Number(video.dataset.first) || 0);
      } else player = simplePlayer(figure);
      player.area = area;
      players.push(player);
      everyPlayer.push(player);
    });
  });
  const compare = document.querySelector(".compare");
  if (compare) linkCompare(compare, players);
  return players;
}

function linkCompare(compare, fresh) {
  // One side drives, the other follows to the same frame on every step, seek, pause and played frame,
  // between the first players of each kind (the proxies, the frame sequences). The driver is the side the
  // reviewer last touched (A at first), so a follower still catching up never pulls the driver back.
  // Only pairs with a player new to the page are linked here; the modes are compare.js's.
  const live = everyPlayer.filter((p) => p.element.isConnected);
  const first = (pane, kind) => live.find((p) => p.kind === kind && compare.querySelector(pane).contains(p.element));
  for (const kind of ["frames", "video"]) {
    const a = first(".pane-a", kind), b = first(".pane-b", kind);
    if (a && b && (fresh.includes(a) || fresh.includes(b))) {
      let driver = a;
      for (const p of [a, b]) {
        for (const type of ["pointerdown", "keydown"]) p.figure.addEventListener(type, () => { driver = p; }, true);
      }
      // a step or seek starts the follower's seek together with the driver's; a played frame follows it
      a.onGo((i) => { if (driver === a && b.target !== i) b.go(i); });
      b.onGo((i) => { if (driver === b && a.target !== i) a.go(i); });
      a.onFrame((i) => { if (driver === a && b.target !== i) b.go(i); });
      b.onFrame((i) => { if (driver === b && a.target !== i) a.go(i); });
    }
  }
}
