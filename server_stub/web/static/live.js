// Live updates from the project's event stream: the activity feed grows, statuses change in place, and a
// notice offers what cannot be patched in (a new version, a comment on the version being viewed).
// Everything is written with textContent: event data is user text and never becomes markup. When a
// version's review media are made (or fail), its preview area is fetched again from the server, which
// escaped it, and swapped in place.
import { setUpPlayers } from "./player.js";

const WHAT = { published: "published", commented: "commented on", comment_edited: "edited a comment on" };

function feedItem(project, event) {
  const d = event.data;
  const path = [d.folder, d.asset].filter(Boolean).join("/");
  const li = document.createElement("li");
  li.className = `feed-item feed-${event.type} fresh`;
  li.dataset.eventId = String(event.id);
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = event.user || "someone";
  li.append(who, " ", event.type === "status_changed" ? `set ${d.old} → ${d.new} on` : (WHAT[event.type] || event.type), " ");
  const link = document.createElement("a");
  link.href = `/p/${encodeURIComponent(project)}/asset/${path.split("/").map(encodeURIComponent).join("/")}?v=${d.number}`;
  link.textContent = `${path} v${d.number}`;
  li.append(link);
  const text = event.type === "status_changed" ? d.comment : d.text;
  if (text) { const q = document.createElement("q"); q.textContent = text; li.append(q); }
  const time = document.createElement("time");
  time.className = "muted";
  time.textContent = "just now";
  li.append(time);
  return li;
}

function notice(text, href) {
  const box = document.getElementById("live-notice");
  box.replaceChildren(text + " ");
  if (href) { const a = document.createElement("a"); a.href = href; a.textContent = "Show"; box.append(a); }
  box.hidden = false;
}

// The jobs' states an area shows ("mov:pending,…"): a refetch that changes none of them is not swapped in.
const statesOf = (area) => [...area.querySelectorAll(".processing li")]
  .map((li) => `${li.dataset.representation}:${li.dataset.state}`).join(",");

async function refreshPreviews(project, versionId, onlyIfChanged = false) {
  const areas = document.querySelectorAll(`.previews[data-version-id="${Number(versionId)}"]`);
  if (!areas.length) return;
  // Never swap the picture under someone watching it: the new review media come in when they pause.
  const playing = [...areas].flatMap((area) => [...area.querySelectorAll("video, audio")])
    .find((media) => !media.paused && !media.ended);
  if (playing) {
    playing.addEventListener("pause", () => refreshPreviews(project, versionId, onlyIfChanged), { once: true });
    return;
  }
  const answer = await fetch(`/p/${encodeURIComponent(project)}/v/${Number(versionId)}/previews`,
                             { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!answer.ok) return;
  const parsed = new DOMParser().parseFromString(await answer.text(), "text/html");
  const fresh = parsed.querySelector(".previews");
  if (!fresh) return;
  if (onlyIfChanged && [...areas].every((area) => statesOf(area) === statesOf(fresh))) return;
  const players = [];
  areas.forEach((area) => {
    const copy = document.importNode(fresh, true);
    area.replaceWith(copy);
    players.push(...setUpPlayers(copy));
  });
  // Page modules holding the old players (live_session.js) take the new ones.
  document.dispatchEvent(new CustomEvent("brickyard:players", { detail: { players } }));
  document.body.dataset.previewsRefreshed = String(Number(document.body.dataset.previewsRefreshed || 0) + 1);
}

export function startLive(project) {
  const source = new EventSource(`/p/${encodeURIComponent(project)}/live`);
  const body = document.body;
  const onEvent = (message) => {
    const event = JSON.parse(message.data);
    const feed = document.getElementById("feed");
    if (feed && event.type in { published: 1, status_changed: 1, commented: 1, comment_edited: 1 }) {
      feed.prepend(feedItem(project, event));
    }
    const d = event.data;
    if (event.type === "status_changed") {
      document.querySelectorAll(`[data-version-status="${Number(d.version_id)}"]`).forEach((el) => {
        el.textContent = d.new;
        el.className = `status status-${d.new}`;
      });
    }
    if (body.dataset.page === "asset" && Number(d.asset_id) === Number(body.dataset.assetId)) {
      if (event.type === "published") notice(`${event.user} published v${d.number}.`, `?v=${d.number}`);
      if ((event.type === "commented" || event.type === "comment_edited") &&
          Number(d.version_id) === Number(body.dataset.versionId)) {
        notice(`${event.user} commented on this version.`, `?v=${d.number}#comment-${Number(d.comment_id)}`);
      }
      if (event.type === "status_changed") notice(`${event.user} set v${d.number} to ${d.new}.`, null);
    }
    if (body.dataset.page === "asset" && (event.type === "preview.ready" || event.type === "preview.failed")) {
      refreshPreviews(project, d.version_id);
    }
  };
  // preview.ready / preview.failed come from the review-media jobs: the preview area updates in place.
  for (const type of ["published", "status_changed", "commented", "comment_edited", "preview.ready",
                      "preview.failed"]) {
    source.addEventListener(type, onEvent);
  }
  // Drawings: static/annotate.js listens for these on the document.
  for (const type of ["annotation_added", "annotation_edited", "annotation_deleted"]) {
    source.addEventListener(type, (m) => document.dispatchEvent(new CustomEvent("brickyard:annotation", { detail: JSON.parse(m.data) })));
  }
  source.addEventListener("open", () => {
    body.setAttribute("data-live", "connected");
    // A job may have finished between the page's render and this (re)connection: its event came before
    // the stream did, so fetch again every area still waiting for its review media.
    document.querySelectorAll(".previews").forEach((area) => {
      if (area.querySelector(".processing [data-state=pending], .processing [data-state=running]")) {
        refreshPreviews(project, area.dataset.versionId, true);  // only if a state changed
      }
    });
  });
  return source;
}
