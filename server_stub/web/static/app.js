// The page's behaviour, loaded as a module (the CSP allows no inline script): players, live updates,
// copy buttons, and the review shortcuts.
import { setUpPlayers } from "./player.js";
import { startLive } from "./live.js";
import { followFrames } from "./frame_links.js";
import { setUpCompare } from "./compare.js";

const players = setUpPlayers();
setUpCompare();
const project = document.body.dataset.project;
const live = project ? startLive(project) : null;
document.brickyard = { players, live };  // for page modules loaded after this one (live_session.js)
followFrames(players);

document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    field.select();
    try { await navigator.clipboard.writeText(field.value); button.textContent = "Copied"; } catch { /* selected */ }
  });
});

const sheet = document.getElementById("shortcuts");
const lettersOff = document.getElementById("letters-off");
if (lettersOff) {
  lettersOff.checked = localStorage.getItem("brickyard.letters-off") === "1";
  lettersOff.addEventListener("change", () => localStorage.setItem("brickyard.letters-off", lettersOff.checked ? "1" : "0"));
  document.getElementById("shortcuts-button").addEventListener("click", () => sheet.showModal());
}

function follow(selector) {
  const link = document.querySelector(selector);
  if (link) window.location.assign(link.href);
}

function versionLink(offset) {
  const items = [...document.querySelectorAll(".versions li")];
  const here = items.findIndex((li) => li.classList.contains("current"));
  const target = items[here + offset];
  if (target) window.location.assign(target.querySelector("a").href);
}

function decide(decision) {
  const form = document.getElementById("decision-form");
  if (!form) return;
  const text = document.getElementById("decision-text");
  const button = form.querySelector(`button[value=${decision}]`);
  if (decision !== "approve" && !text.value.trim()) {  // a rejection says why: ask first
    text.focus();
    text.dataset.pending = decision;
    text.placeholder = "Say what to change, then press Ctrl+Enter";
    return;
  }
  form.requestSubmit(button);
}

const decisionText = document.getElementById("decision-text");
if (decisionText) {
  decisionText.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); decide(decisionText.dataset.pending || "approve"); }
  });
}

document.addEventListener("keydown", (e) => {
  const typing = e.target.closest("input, textarea, select, [contenteditable]");
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "?") { sheet?.showModal(); return; }
  if (e.key === "/") { const s = document.getElementById("search"); if (s) { e.preventDefault(); s.focus(); } return; }
  if (localStorage.getItem("brickyard.letters-off") === "1") return;
  const actions = {
    j: () => versionLink(1), k: () => versionLink(-1),
    n: () => follow("[data-nav=next-asset]"), p: () => follow("[data-nav=prev-asset]"),
    c: () => { const box = document.getElementById("comment-text"); if (box) { e.preventDefault(); box.focus(); } },
    a: () => decide("approve"), r: () => decide("reject"), x: () => decide("changes"),
    w: () => document.querySelector(".compare")?.toggleMode?.(),  // side → wipe → overlay
  };
  const act = actions[e.key];
  if (act) act();
});
