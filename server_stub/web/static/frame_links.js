// The frame number outside the player: ?frame=N in the address (opened at that frame, kept up to date
// while paused), the comment form pinned to the frame shown (or the loop's range), and pinned comments
// that seek there when clicked. The main player is the first proxy or sequence outside compare's B pane.

export function followFrames(players) {
  const main = players.find((p) => (p.kind === "video" || p.kind === "frames") && !p.element.closest(".pane-b"));
  const pin = document.getElementById("comment-pin");
  if (!main) { if (pin) pin.closest(".pin-choice").hidden = true; return; }
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get("frame");
  if (wanted !== null && /^\d+$/.test(wanted)) main.ready.then(() => main.seek(Number(wanted)));

  const frame = document.getElementById("comment-frame");
  const frameEnd = document.getElementById("comment-frame-end");
  const said = document.getElementById("comment-pin-label");
  let pending = null;
  main.onFrame(() => {
    if (pin) {
      const loop = main.loop;
      frame.value = String(loop ? loop.from : main.number);
      frameEnd.value = loop && loop.to !== loop.from ? String(loop.to) : "";
      said.textContent = frameEnd.value ? `frames ${frame.value}–${frameEnd.value}` : `frame ${frame.value}`;
    }
    clearTimeout(pending);  // the address follows once the player settles, not on every frame played
    pending = setTimeout(() => {
      if (main.playing) return;
      const now = new URLSearchParams(window.location.search);  // as it is now (compare.js sets ?mode=)
      now.set("frame", String(main.number));
      window.history.replaceState(null, "", `${window.location.pathname}?${now}${window.location.hash}`);
    }, 150);
  });
  if (pin) {
    const sync = () => { frame.disabled = frameEnd.disabled = !pin.checked; };
    pin.addEventListener("change", sync);
    sync();
  }
  document.querySelectorAll("a.pin[data-frame]").forEach((link) => link.addEventListener("click", (e) => {
    e.preventDefault();
    main.seek(Number(link.dataset.frame));
    main.figure.querySelector(".scrubber").focus();
  }));
}
