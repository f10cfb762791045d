// The compare's three ways to look at A and B (the players keep them on one frame: player.js):
// side by side; an A/B wipe whose line follows the slider or a drag across the picture; and an overlay,
// B over A at the opacity of its slider. Switching mode never reloads, so the frame stays.
const MODES = ["side", "wipe", "overlay"];

export function setUpCompare(compare = document.querySelector(".compare")) {
  if (!compare || compare.dataset.modes) return;
  compare.dataset.modes = "1";
  const paneB = compare.querySelector(".pane-b");
  const wipe = compare.querySelector(".wipe-slider");
  const opacity = compare.querySelector(".overlay-slider");
  const opacityText = compare.querySelector(".overlay-value");
  const buttons = compare.querySelectorAll("[data-compare-mode]");
  const line = compare.querySelector(".wipe-line");
  const picture = () => compare.querySelector(".pane-a figure.preview video, .pane-a figure.preview .frames, .pane-a figure.preview img");

  function placeLine() {  // the wipe's line over A's picture, where B begins
    const shown = picture();
    line.hidden = compare.dataset.mode !== "wipe" || !shown;
    if (line.hidden) return;
    const box = shown.getBoundingClientRect(), outer = compare.getBoundingClientRect();
    line.style.top = `${box.top - outer.top}px`;
    line.style.height = `${box.height}px`;
    line.style.left = `${box.left - outer.left + (box.width * wipe.value) / 100}px`;
  }

  function paint() {
    const mode = compare.dataset.mode;
    paneB.style.clipPath = mode === "wipe" ? `inset(0 0 0 ${wipe.value}%)` : "";
    paneB.style.opacity = mode === "overlay" ? String(opacity.value / 100) : "";
    compare.style.setProperty("--wipe", `${wipe.value}%`);
    opacityText.textContent = `${opacity.value}%`;
    placeLine();
  }
  function setMode(mode) {
    compare.dataset.mode = mode;
    for (const m of MODES) compare.classList.toggle(`mode-${m}`, m === mode);
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.compareMode === mode)));
    const chooser = document.querySelector(".compare-form select[name=mode]");  // the form submits the mode shown
    if (chooser) chooser.value = mode;
    const url = new URL(window.location.href);  // a copied link opens the same mode
    url.searchParams.set("mode", mode);
    window.history.replaceState(window.history.state, "", url);
    paint();
  }
  buttons.forEach((b) => b.addEventListener("click", () => setMode(b.dataset.compareMode)));
  wipe.addEventListener("input", paint);
  opacity.addEventListener("input", paint);

  // Drag the wipe line on the picture itself (the slider below does the same from the keyboard).
  const onPicture = (e) => e.target.closest("video, .frames, img.still") && !e.target.closest(".controls");
  const moveLine = (e) => {
    const box = picture()?.getBoundingClientRect();
    if (!box || !box.width) return;
    wipe.value = String(Math.round(Math.min(Math.max((e.clientX - box.left) / box.width, 0), 1) * 100));
    paint();
  };
  let dragging = null;
  compare.addEventListener("pointerdown", (e) => {
    if (compare.dataset.mode !== "wipe" || !onPicture(e)) return;
    dragging = e.pointerId;
    compare.setPointerCapture(e.pointerId);
    moveLine(e);
    e.preventDefault();
  });
  compare.addEventListener("pointermove", (e) => { if (dragging === e.pointerId) moveLine(e); });
  compare.addEventListener("pointerup", () => { dragging = null; });
  window.addEventListener("resize", placeLine);
  compare.querySelectorAll("video, img").forEach((m) => m.addEventListener(m.tagName === "VIDEO" ? "loadedmetadata" : "load", placeLine));
  compare.toggleMode = () => setMode(MODES[(MODES.indexOf(compare.dataset.mode) + 1) % MODES.length]);
  setMode(MODES.includes(compare.dataset.mode) ? compare.dataset.mode : "side");
}
