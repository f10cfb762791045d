"""Server, identity and project commands: serve, login, whoami, user create, project create/list/member."""

from __future__ import annotations

import argparse
import getpass
import sys

from ..config import save_config
from ..errors import InvalidInput
from . import settings_commands
from .connect import client_from
from .output import print_json, print_listing


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the Brickyard server")
    serve.add_argument("--data", help="data folder (database, blobs, admin-token)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8765)")
    serve.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
    serve.add_argument("--blob-store", help="s3://BUCKET/PREFIX on an S3-compatible service (AWS_ENDPOINT_URL, "
                                            "AWS_REGION, credentials as for the AWS CLI); default: the data folder")
    serve.set_defaults(run=run_serve)
    _register_upkeep(commands)

    login = commands.add_parser("login", help="check a server URL and token and save them in the user config")
    login.add_argument("server_url", metavar="URL", help="the server, e.g. http://studio:8765")
    login.add_argument("--with-token", dest="login_token", metavar="TOKEN",
                       help="the token; '-' reads it from standard input; left out, it is read from standard "
                            "input or asked for without echo (keeps it out of shell history and `ps`)")
    login.set_defaults(run=run_login)

    whoami = commands.add_parser("whoami", help="who the current token belongs to")
    whoami.add_argument("--json", action="store_true", help="print the user as JSON")
    whoami.set_defaults(run=run_whoami)

    user = commands.add_parser("user", help="manage users").add_subparsers(dest="user_command", metavar="ACTION")
    user.required = True
    create = user.add_parser("create", help="create a user and print its token (server admins)")
    create.add_argument("name", help="the new user's name")
    create.add_argument("--json", action="store_true", help="print the user and token as JSON")
    create.set_defaults(run=run_user_create)
    token = user.add_parser("token", help="issue a new token for a user (prints it once)")
    token.add_argument("name", help="the user's name")
    token.set_defaults(run=run_user_token)
    ulist = user.add_parser("list", help="list the server's users (server admins)")
    ulist.add_argument("--json", action="store_true", help="print the users as JSON")
    ulist.set_defaults(run=run_user_list)

    project = commands.add_parser("project", help="manage projects").add_subparsers(
        dest="project_command", metavar="ACTION")
    project.required = True
    pcreate = project.add_parser("create", help="create a project (server admins)")
    pcreate.add_argument("code", help="short code used in every reference, e.g. film")
    pcreate.add_argument("--name", default="", help="display name (default: the code)")
    pcreate.add_argument("--json", action="store_true", help="print the project as JSON")
    pcreate.set_defaults(run=run_project_create)
    plist = project.add_parser("list", help="projects you are a member of")
    plist.add_argument("--json", action="store_true", help="print the projects as JSON")
    plist.set_defaults(run=run_project_list)
    member = project.add_parser("member", help="project members").add_subparsers(
        dest="member_command", metavar="ACTION")
    member.required = True
    madd = member.add_parser("add", help="add a member or change their role (project admins)")
    madd.add_argument("code")
    madd.add_argument("user")
    madd.add_argument("role", choices=["viewer", "artist", "supervisor", "admin"])
    madd.set_defaults(run=run_member_add)
    mlist = member.add_parser("list", help="list a project's members")
    mlist.add_argument("code", help="project code")
    mlist.add_argument("--json", action="store_true", help="print the members as JSON")
    mlist.set_defaults(run=run_member_list)
    mremove = member.add_parser("remove", help="remove a member (project admins)")
    mremove.add_argument("code")
    mremove.add_argument("user")
    mremove.set_defaults(run=run_member_remove)
    settings_commands.register_project_actions(project)


def _register_upkeep(commands: argparse._SubParsersAction) -> None:
    admin = commands.add_parser("admin", help="blob store upkeep, run beside the servers with their settings")
    actions = admin.add_subparsers(dest="admin_command", metavar="ACTION")
    actions.required = True
    gc = actions.add_parser("gc", help="remove blobs no version uses, older than the grace period")
    gc.add_argument("--dry-run", action="store_true", help="list what would be removed; remove nothing")
    gc.add_argument("--grace-hours", type=float, default=24.0,
                    help="keep blobs uploaded or claimed this recently (default 24)")
    verify = actions.add_parser("verify", help="re-hash stored blobs; exit 1 if any is missing or corrupt")
    verify.add_argument("--sample", type=int, metavar="N", help="check N blobs chosen at random (default: all)")
    for parser, name in ((gc, "gc"), (verify, "verify")):
        parser.add_argument("--data", help="the server's data folder (SQLite database, local blobs)")
        parser.add_argument("--database-url", help="the servers' database URL (default: SQLite in the data folder)")
        parser.add_argument("--blob-store", help="s3://BUCKET/PREFIX, as the servers were started with")
        parser.set_defaults(run=lambda args, name=name: _run_upkeep(name, args))


def _run_upkeep(name: str, args: argparse.Namespace) -> int:
    try:  # the server is an extra: import it only when asked
        from brickyard.server import admin
    except ImportError as exc:
        raise InvalidInput(f"store upkeep needs the server installed ({exc.name} is missing); "
                           "install it with: pip install 'brickyard[server]'") from None
    if name == "gc" and args.grace_hours < 0:
        raise InvalidInput(f"--grace-hours must be 0 or more, not {args.grace_hours:g}")
    if name == "verify" and args.sample is not None and args.sample < 1:
        raise InvalidInput(f"--sample must be 1 or more, not {args.sample}")
    return admin.gc(args) if name == "gc" else admin.verify(args)


def run_serve(args: argparse.Namespace) -> int:
    try:  # the server is an extra: import it only when asked to serve
        from brickyard.server.main import serve
    except ImportError as exc:
        raise InvalidInput(f"the server is not installed ({exc.name} is missing); "
                           "install it with: pip install 'brickyard[server]'") from None
    argv: list[str] = []
    for flag in ("data", "host", "port", "database_url", "blob_store"):
        value = getattr(args, flag)
        if value is not None:
            argv += [f"--{flag.replace('_', '-')}", str(value)]
    return serve(argv)


def server_url(text: str) -> str:
    """A URL with its scheme; ``127.0.0.1:8765`` gets a hint instead of a library's riddle."""
    if "://" not in text:
        raise InvalidInput(f"the server URL {text!r} has no scheme; did you mean http://{text} ?")
    return text.rstrip("/")


def read_token(given: str | None) -> str:
    """``--with-token`` as given, else from standard input ('-' or piped), else asked for without echo."""
    if given and given != "-":
        return given
    if given == "-" or not sys.stdin.isatty():
        token = sys.stdin.readline().strip()
    else:
        token = getpass.getpass("token: ").strip()
    if not token:
        raise InvalidInput("no token given; pass it on standard input (echo TOKEN | brickyard login URL) "
                           "or type it at the prompt")
    return token


def run_login(args: argparse.Namespace) -> int:
    from ..client import Client

    url = server_url(args.server_url)
    token = read_token(args.login_token)
    with Client(url=url, token=token) as client:
        me = client.whoami()
    path = save_config(url=url, token=token)
    print(f"logged in to {url} as {me.name}; saved in {path}")
    return 0


def run_whoami(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        me = client.whoami()
        if args.json:
            print_json(me)
        else:
            print(f"{me.name}{' (server admin)' if me.is_admin else ''} at {client.url}")
    return 0


def run_user_create(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        created = client.create_user(args.name)
    if args.json:
        print_json(created)
    else:
        print(f"created user {created.name}; their token (shown once, keep it safe):", file=sys.stderr)
        print(created.token)
    return 0


def run_user_token(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        token = client.create_token(args.name)
    print(f"new token for {args.name} (id {token.id}; shown once):", file=sys.stderr)
    print(token.token)
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        users = client.users()
    print_listing(users, args.json, ["user", "server admin"], lambda u: (u.name, "yes" if u.is_admin else ""))
    return 0


def run_project_create(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        project = client.create_project(args.code, args.name)
    if args.json:
        print_json(project)
    else:
        print(f"created project {project.code} ({project.name or project.code}); "
              f"{len(project.kinds)} kinds, names must be {project.naming.description}")
    return 0


def run_project_list(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        projects = client.projects()
    print_listing(projects, args.json, ["code", "name", "role"], lambda p: (p.code, p.name, p.role))
    return 0


def run_member_add(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        member = client.add_member(args.code, args.user, args.role)
    print(f"{member.user} is now {member.role.value} in {args.code}")
    return 0


def run_member_list(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        members = client.members(args.code)
    print_listing(members, args.json, ["user", "role"], lambda m: (m.user, m.role))
    return 0


def run_member_remove(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        client.remove_member(args.code, args.user)
    print(f"removed {args.user} from {args.code}")
    return 0
