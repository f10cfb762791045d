// A live review session on a playlist page. The driver's player is posted to the server (item, frame, play
// state) and comes back to everyone as a live.state event on the project's stream; a follower's page goes
// to that item and frame and plays or pauses with it. Control changes only when the driver hands it over
// (live.handover): both pages reload into their new part. Loaded after app.js, whose players it uses.
const body = document.body;
const { players = [], live = null } = document.brickyard || {};
const project = body.dataset.project;
const playlist = Number(body.dataset.playlist);
const item = Number(body.dataset.item);
const me = body.dataset.me;
const driver = body.dataset.driver || "";
const mainOf = (list) => list.find((p) => p.kind === "video" || p.kind === "frames");
let main = mainOf(players);
let lastState = null;  // a follower's newest live.state, applied again to a player that replaced the old one
let rewire = () => {};
document.addEventListener("brickyard:players", (event) => {  // the preview area was refreshed (new media)
  main = mainOf(event.detail.players) || main;
  rewire();
});
const csrf = document.querySelector("meta[name=csrf-token]")?.content || "";

function goTo(state) {
  const frame = state.frame === null || state.frame === undefined ? "" : `&frame=${Number(state.frame)}`;
  window.location.assign(`?item=${Number(state.item ?? item)}${frame}`);
}

if (driver && driver === me) {
  // One post at a time, always of the newest state: posts racing each other could land out of order.
  let sent = "";
  let busy = false;
  const send = async () => {
    const frame = main ? main.number : null;
    const playing = main ? main.playing : false;
    const key = `${frame}:${playing}`;
    if (key === sent || busy) return;
    busy = true;
    sent = key;
    const form = new URLSearchParams({ csrf, item: String(item), frame: frame === null ? "" : String(frame),
                                       playing: String(playing) });
    try {
      await fetch(`/p/${encodeURIComponent(project)}/playlist/${playlist}/live/state`,
                  { method: "POST", body: form, credentials: "same-origin" });
    } finally {
      busy = false;
    }
    send();  // what changed while this one was on its way
  };
  const wire = (player) => {
    player.ready.then(send);  // arriving on an item brings everyone here
    // while it plays, followers play on their own: only a start, a stop and the frames of a paused player count
    player.onFrame(() => { if (player === main && (!player.playing || !sent.endsWith(":true"))) send(); });
    if (player.element.tagName === "VIDEO") {
      player.element.addEventListener("pause", send);
      player.element.addEventListener("play", send);
    }
  };
  if (main) wire(main); else send();
  rewire = () => { if (main) { sent = ""; wire(main); } };
}

if (live) {
  const following = () => document.getElementById("live-follow")?.checked !== false;
  const onLive = (message) => {
    const event = JSON.parse(message.data);
    const d = event.data;
    if (Number(d.playlist_id) !== playlist) return;
    if (event.type !== "live.state") {  // started, handed over, ended: the page shows the new parts
      if ((event.type === "live.ended" ? "" : d.driver) !== driver) goTo(event.type === "live.ended" ? { item } : d);
      return;
    }
    if (driver === me || !following()) return;
    body.dataset.liveSeen = String(event.id);
    if (Number(d.item) !== item) { goTo(d); return; }
    lastState = d;
    follow(d);
  };
  const follow = (d) => {
    if (!main) return;
    if (d.frame !== null && main.number !== Number(d.frame)) main.seek(Number(d.frame));
    if (Boolean(d.playing) !== main.playing) main.toggle();
  };
  if (driver !== me) rewire = () => { if (lastState && following()) main.ready.then(() => follow(lastState)); };
  for (const type of ["live.state", "live.started", "live.handover", "live.ended"]) {
    live.addEventListener(type, onLive);
  }
}
