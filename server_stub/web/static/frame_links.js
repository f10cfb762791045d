// The frame number outside the player: ?frame=N in the address (opened at that frame, kept up to date
// while paused), the comment form pinned to the frame shown (or the loop's range), and pinned comments
// that seek there when clicked. The main player is the first proxy or sequence outside compare's B pane.
// When new review media replace the preview area (live.js, the "brickyard:players" event, as in
// live_session.js), the new main player takes over at the frame the address holds.

const mainOf = (players) => players.find((p) => (p.kind === "video" || p.kind === "frames")
                                                && !p.element.closest(".pane-b"));

const addressFrame = () => {
  const wanted = new URLSearchParams(window.location.search).get("frame");
  return wanted !== null && /^\d+$/.test(wanted) ? Number(wanted) : null;
};

export function followFrames(players) {
  const pin = document.getElementById("comment-pin");
  const frame = document.getElementById("comment-frame");
  const frameEnd = document.getElementById("comment-frame-end");
  const said = document.getElementById("comment-pin-label");
  let main = null;
  let pending = null;

  const follow = (player) => {
    if (player !== main) return;  // a player the preview area no longer shows
    if (pin) {
      const loop = main.loop;
      frame.value = String(loop ? loop.from : main.number);
      frameEnd.value = loop && loop.to !== loop.from ? String(loop.to) : "";
      said.textContent = frameEnd.value ? `frames ${frame.value}–${frameEnd.value}` : `frame ${frame.value}`;
    }
    clearTimeout(pending);  // the address follows once the player settles, not on every frame played
    pending = setTimeout(() => {
      if (main !== player || main.playing) return;
      const now = new URLSearchParams(window.location.search);  // as it is now (compare.js sets ?mode=)
      now.set("frame", String(main.number));
      window.history.replaceState(null, "", `${window.location.pathname}?${now}${window.location.hash}`);
    }, 150);
  };

  const take = (player) => {
    main = player || null;
    if (pin) pin.closest(".pin-choice").hidden = !player;
    if (!player) return;
    const wanted = addressFrame();
    if (wanted !== null) player.ready.then(() => { if (main === player) player.seek(wanted); });
    player.onFrame(() => follow(player));
  };

  take(mainOf(players) || null);
  document.addEventListener("brickyard:players", (event) => {  // the preview area was refreshed (new media)
    const next = mainOf(event.detail.players);
    if (next || (main && !main.element.isConnected)) take(next);  // compare's other pane alone: keep ours
  });
  if (pin) {
    const sync = () => { frame.disabled = frameEnd.disabled = !pin.checked; };
    pin.addEventListener("change", sync);
    sync();
  }
  document.querySelectorAll("a.pin[data-frame]").forEach((link) => link.addEventListener("click", (e) => {
    if (!main) return;  // no player: the link opens the page at that frame instead
    e.preventDefault();
    main.seek(Number(link.dataset.frame));
    main.figure.querySelector(".scrubber").focus();
  }));
}
