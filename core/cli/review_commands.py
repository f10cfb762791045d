"""Review commands: ``playlist`` (create, add, show, list, remove, order, sessions, summary) and ``link``
(client links: create, list, revoke, log)."""

from __future__ import annotations

import argparse
import getpass
import sys

from ..errors import InvalidInput
from . import references
from .connect import client_from
from .output import print_json, print_listing

ITEM_HEADERS = ["#", "item", "reference", "status"]
LINK_HEADERS = ["id", "label", "shows", "expires", "passphrase", "downloads", "state"]


def register(commands: argparse._SubParsersAction) -> None:
    playlist = commands.add_parser("playlist", help="review playlists: ordered lists of versions",
                                   description="Make and change review playlists (they play in the web app at "
                                               "/p/PROJECT/playlist/ID, item after item).")
    verbs = playlist.add_subparsers(dest="verb", metavar="VERB", required=True)
    create = verbs.add_parser("create", help="make a playlist from references, a folder or a search")
    create.add_argument("project", metavar="PROJECT")
    create.add_argument("name", metavar="NAME")
    create.add_argument("references", metavar="REFERENCE", nargs="*", help=references.SHORT_HELP + " (in order)")
    create.add_argument("--folder", help="add the latest usable version of every asset under this folder")
    create.add_argument("--search", help="add the latest usable version of every asset these words find")
    create.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    create.set_defaults(run=run_create)
    add = verbs.add_parser("add", help="add versions to a playlist")
    add.add_argument("project", metavar="PROJECT")
    add.add_argument("playlist", metavar="ID", type=int)
    add.add_argument("references", metavar="REFERENCE", nargs="+", help=references.SHORT_HELP)
    add.add_argument("--at", type=int, metavar="POSITION", help="insert at this place (1 = first; default: the end)")
    add.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    add.set_defaults(run=run_add)
    show = verbs.add_parser("show", help="show a playlist's items in order")
    show.add_argument("project", metavar="PROJECT")
    show.add_argument("playlist", metavar="ID", type=int)
    show.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    show.set_defaults(run=run_show)
    listing = verbs.add_parser("list", help="list the project's playlists")
    listing.add_argument("project", metavar="PROJECT")
    listing.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    listing.set_defaults(run=run_list)
    remove = verbs.add_parser("remove", help="remove an item (its item id, as `playlist show` lists it)")
    remove.add_argument("project", metavar="PROJECT")
    remove.add_argument("playlist", metavar="ID", type=int)
    remove.add_argument("item", metavar="ITEM", type=int)
    remove.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    remove.set_defaults(run=run_remove)
    order = verbs.add_parser("order", help="reorder: every item id, in the new order")
    order.add_argument("project", metavar="PROJECT")
    order.add_argument("playlist", metavar="ID", type=int)
    order.add_argument("items", metavar="ITEM", type=int, nargs="+")
    order.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    order.set_defaults(run=run_order)
    sessions = verbs.add_parser("sessions", help="list a playlist's live review sessions, newest first")
    sessions.add_argument("project", metavar="PROJECT")
    sessions.add_argument("playlist", metavar="ID", type=int)
    sessions.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    sessions.set_defaults(run=run_sessions)
    summary = verbs.add_parser("summary", help="what a live session decided, item by item, with its notes")
    summary.add_argument("project", metavar="PROJECT")
    summary.add_argument("playlist", metavar="ID", type=int)
    summary.add_argument("session", metavar="SESSION", type=int, nargs="?",
                         help="a session id, as `playlist sessions` lists it (default: the newest)")
    summary.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    summary.set_defaults(run=run_summary)

    link = commands.add_parser("link", help="client links: a guest's time-limited way to watch and comment",
                               description="Client links (supervisors): a guest opens the link, watches the "
                                           "version or playlist and comments; never approves.")
    link_verbs = link.add_subparsers(dest="verb", metavar="VERB", required=True)
    make = link_verbs.add_parser("create", help="make a link to a version or a playlist; prints its URL once")
    make.add_argument("project", metavar="PROJECT")
    target = make.add_mutually_exclusive_group(required=True)
    target.add_argument("--version", metavar="REFERENCE", help="the one version it shows")
    target.add_argument("--playlist", metavar="ID", type=int, help="the playlist it shows")
    make.add_argument("--hours", type=float, default=168, help="how long it works (default 168 = a week)")
    make.add_argument("--passphrase", action="store_true",
                      help="ask for a passphrase the guest must give (read from stdin when it is not a terminal)")
    make.add_argument("--download", action="store_true", help="let the guest download the published files")
    make.add_argument("--label", default="", help="a note for the list, e.g. who it is for")
    make.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    make.set_defaults(run=run_link_create)
    links = link_verbs.add_parser("list", help="list the project's client links")
    links.add_argument("project", metavar="PROJECT")
    links.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    links.set_defaults(run=run_link_list)
    revoke = link_verbs.add_parser("revoke", help="end a link and every guest session opened with it")
    revoke.add_argument("project", metavar="PROJECT")
    revoke.add_argument("link", metavar="ID", type=int)
    revoke.set_defaults(run=run_link_revoke)
    log = link_verbs.add_parser("log", help="what guests did through a link")
    log.add_argument("project", metavar="PROJECT")
    log.add_argument("link", metavar="ID", type=int)
    log.add_argument("--json", action="store_true", help="print JSON instead of readable lines")
    log.set_defaults(run=run_link_log)


def _refs(texts: list[str]) -> list:
    return [references.parse(t) for t in texts]


def _print_playlist(playlist, as_json: bool) -> int:
    if as_json:
        print_json(playlist)
        return 0
    print(f"playlist {playlist.id} {playlist.name!r}: {len(playlist.items)} version(s)")
    if playlist.items:
        print_listing(playlist.items, False, ITEM_HEADERS, lambda i: (i.position + 1, i.id, i.reference, i.status))
    return 0


def run_create(args: argparse.Namespace) -> int:
    if not (args.references or args.folder is not None or args.search):
        raise InvalidInput("say what goes in: REFERENCEs, --folder FOLDER or --search WORDS")
    with client_from(args) as client:
        made = client.create_playlist(args.project, args.name, _refs(args.references), folder=args.folder,
                                      search=args.search)
    return _print_playlist(made, args.json)


def run_add(args: argparse.Namespace) -> int:
    if args.at is not None and args.at < 1:
        raise InvalidInput("--at counts from 1 (the first place)")
    with client_from(args) as client:
        grown = client.add_to_playlist(args.project, args.playlist, _refs(args.references),
                                       None if args.at is None else args.at - 1)
    return _print_playlist(grown, args.json)


def run_show(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        return _print_playlist(client.playlist(args.project, args.playlist), args.json)


def run_list(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        found = client.playlists(args.project)
    print_listing(found, args.json, ["id", "name", "by", "updated"],
                  lambda p: (p.id, p.name, p.created_by, p.updated_at.strftime("%Y-%m-%d %H:%M")))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        return _print_playlist(client.remove_from_playlist(args.project, args.playlist, args.item), args.json)


def run_order(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        return _print_playlist(client.reorder_playlist(args.project, args.playlist, args.items), args.json)


def _span(session) -> str:
    end = f"ended {session.ended_at:%Y-%m-%d %H:%M} by {session.ended_by}" if session.ended_at else "running"
    return f"started {session.started_at:%Y-%m-%d %H:%M} by {session.driver}, {end}"


def run_sessions(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        found = client.live_sessions(args.project, args.playlist)
    print_listing(found, args.json, ["session", "driver", "started", "ended"], lambda s: (
        s.session_id, s.driver, s.started_at.strftime("%Y-%m-%d %H:%M"),
        s.ended_at.strftime("%Y-%m-%d %H:%M") if s.ended_at else "running"))
    return 0


def run_summary(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        session = args.session
        if session is None:
            found = client.live_sessions(args.project, args.playlist)
            if not found:
                raise InvalidInput(f"playlist {args.playlist} has had no live session yet; start one on its page")
            session = found[0].session_id
        summary = client.session_summary(args.project, args.playlist, session)
    if args.json:
        print_json(summary)
        return 0
    print(f"session {summary.session_id} of playlist {summary.playlist_id} {summary.playlist!r}: {_span(summary)}")
    for item in summary.items:
        decided = " → ".join(item.decisions) if item.decisions else "no decision"
        print(f"{item.position + 1}. {item.version or f'version {item.version_id}'}: {decided}")
        for note in item.notes:
            who = f"{note.guest} (guest)" if note.guest else note.user
            mark = f" [{note.decision}]" if note.decision else ""
            print(f"   {note.at:%H:%M:%S} {who}{mark}: {note.text}")
    return 0


def _passphrase() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("passphrase for the guest: ")
        if getpass.getpass("again: ") != first:
            raise InvalidInput("the two passphrases differ; try again")
        return first
    return sys.stdin.readline().rstrip("\n")


def run_link_create(args: argparse.Namespace) -> int:
    passphrase = _passphrase() if args.passphrase else None
    if passphrase is not None and len(passphrase) < 8:
        raise InvalidInput("a passphrase needs at least 8 characters")
    with client_from(args) as client:
        version = references.parse(args.version) if args.version else None
        made = client.create_client_link(args.project, version=version, playlist=args.playlist, hours=args.hours,
                                         passphrase=passphrase, allow_download=args.download, label=args.label)
        url = client.url.rstrip("/") + made.path
    if args.json:
        print_json({**made.model_dump(mode="json"), "url": url})
    else:
        print(f"client link {made.id}, until {made.expires_at:%Y-%m-%d %H:%M} UTC (shown only now):\n{url}")
    return 0


def _shows(link) -> str:
    return f"version {link.version_id}" if link.version_id else f"playlist {link.playlist_id}"


def run_link_list(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        found = client.client_links(args.project)
    print_listing(found, args.json, LINK_HEADERS, lambda x: (
        x.id, x.label, _shows(x), x.expires_at.strftime("%Y-%m-%d %H:%M"), "yes" if x.has_passphrase else "no",
        "allowed" if x.allow_download else "no", "revoked" if x.revoked_at else "active" if x.active else "expired"))
    return 0


def run_link_revoke(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        client.revoke_client_link(args.project, args.link)
    print(f"client link {args.link} revoked; its guests are signed out")
    return 0


def run_link_log(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        found = client.client_link_actions(args.project, args.link)
    print_listing(found, args.json, ["when", "guest", "action", "version", "text"], lambda a: (
        a.at.strftime("%Y-%m-%d %H:%M:%S"), a.guest_name, a.action, a.version_id, a.text))
    return 0
