"""Changing things after they were made: ``logout``, ``token revoke``, ``project set``, ``move``."""

from __future__ import annotations

import argparse

from ..config import default_config_path, read_config_file, save_config
from ..errors import InvalidInput
from ..models import ColorSettings, KindSpec
from . import references
from .connect import client_from
from .output import print_json


def register(commands: argparse._SubParsersAction) -> None:
    logout = commands.add_parser("logout", help="revoke the saved token on the server and forget it here")
    logout.add_argument("--keep-token", action="store_true",
                        help="only forget it here; the token stays valid (e.g. it is used elsewhere too)")
    logout.set_defaults(run=run_logout)

    token = commands.add_parser("token", help="manage tokens").add_subparsers(dest="token_command", metavar="ACTION")
    token.required = True
    revoke = token.add_parser("revoke", help="revoke a token by its id (yours, or anyone's as server admin)")
    revoke.add_argument("token_id", type=int, metavar="ID", help="the id `brickyard user token` printed")
    revoke.set_defaults(run=run_token_revoke)

    move = commands.add_parser("move", help="rename or move an asset (supervisors); old references keep working",
                               description="Rename or move an asset. Its versions and history stay; references "
                                           "to the old name still resolve to it.")
    move.add_argument("reference", metavar="ASSET", help="the asset: " + references.SHORT_HELP)
    move.add_argument("new_path", metavar="NEW_PATH", help="its new FOLDER/NAME inside the project (NAME alone: "
                                                           "the project root)")
    move.add_argument("--json", action="store_true", help="print the asset as JSON")
    move.set_defaults(run=run_move)


def register_project_actions(project: argparse._SubParsersAction) -> None:
    """``brickyard project set``: hung under ``project`` by ``admin_commands``."""
    change = project.add_parser("set", help="change a project's name, naming rules, kinds or OCIO view "
                                                   "(project admins)")
    change.add_argument("code", help="project code")
    change.add_argument("--name", help="the project's display name")
    change.add_argument("--name-pattern", metavar="REGEX", help="the rule asset and folder names must match")
    change.add_argument("--naming-description", metavar="TEXT", help="the rule in words, shown in errors")
    change.add_argument("--file-template", metavar="TEMPLATE",
                        help="where files are laid out, e.g. "
                             "{folder}/{asset}/v{version:03d}/{asset}_v{version:03d}.{ext}")
    change.add_argument("--add-kind", action="append", default=[], metavar="NAME[=DESCRIPTION]",
                        help="add a kind (repeat for more)")
    change.add_argument("--remove-kind", action="append", default=[], metavar="NAME",
                        help="drop a kind no asset uses (repeat for more)")
    change.add_argument("--require-meta", action="append", default=[], metavar="KIND:KEY",
                        help="make a kind require a metadata key, e.g. lora:base_model (repeat for more)")
    change.add_argument("--ocio-config", metavar="PATH",
                        help="show EXR previews through this OCIO config (a path the server and its workers read)")
    change.add_argument("--ocio-display", metavar="NAME", help="its display (default: the config's default)")
    change.add_argument("--ocio-view", metavar="NAME", help="its view (default: the display's default)")
    change.add_argument("--ocio-colorspace", metavar="NAME",
                        help="what the EXR pixels are (default: the config's scene_linear role)")
    change.add_argument("--no-ocio", action="store_true", help="show EXR previews in plain sRGB again")
    change.add_argument("--json", action="store_true", help="print the project as JSON")
    change.set_defaults(run=run_project_set)


def run_logout(args: argparse.Namespace) -> int:
    path = default_config_path()
    stored = read_config_file(path)
    if not stored.get("token"):
        raise InvalidInput(f"no token is saved in {path}; nothing to log out of")
    if not args.keep_token:
        with client_from(args) as client:
            client.sign_out()
    save_config(token="", config_path=path)
    print(f"logged out: the token {'stays valid but ' if args.keep_token else 'is revoked and '}is no longer "
          f"saved in {path}")
    return 0


def run_token_revoke(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        client.revoke_token(args.token_id)
    print(f"revoked token {args.token_id}")
    return 0


def run_move(args: argparse.Namespace) -> int:
    reference = references.parse(args.reference)
    folder, _, name = args.new_path.strip("/").rpartition("/")
    with client_from(args) as client, references.suggesting(client, args.reference):
        asset = client.move_asset(reference.project, reference.asset_path, folder=folder, name=name)
    if args.json:
        print_json(asset)
    else:
        print(f"{reference.project}/{reference.asset_path} is now {asset.project}/{args.new_path.strip('/')}; "
              "references to the old name still resolve")
    return 0


def _kinds(current: list[KindSpec], args: argparse.Namespace) -> list[KindSpec] | None:
    if not (args.add_kind or args.remove_kind or args.require_meta):
        return None
    kinds = {k.name: k for k in current}
    for text in args.add_kind:
        name, _, description = text.partition("=")
        kinds[name] = KindSpec(name=name, description=description)
    for name in args.remove_kind:
        if kinds.pop(name, None) is None:
            raise InvalidInput(f"--remove-kind {name}: the project has no kind {name!r}")
    for text in args.require_meta:
        kind, _, key = text.partition(":")
        if kind not in kinds or not key:
            raise InvalidInput(f"--require-meta {text!r}: use KIND:KEY with a kind the project has")
        spec = kinds[kind]
        kinds[kind] = spec.model_copy(update={"required_metadata": sorted({*spec.required_metadata, key})})
    return list(kinds.values())


def _color(args: argparse.Namespace) -> ColorSettings | None:
    if not args.ocio_config:
        if args.ocio_display or args.ocio_view or args.ocio_colorspace:
            raise InvalidInput("--ocio-display, --ocio-view and --ocio-colorspace go with --ocio-config PATH")
        return None
    return ColorSettings(ocio_config=args.ocio_config, display=args.ocio_display, view=args.ocio_view,
                         colorspace=args.ocio_colorspace)


def run_project_set(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        project = client.project(args.code)
        naming = None
        if args.name_pattern or args.naming_description or args.file_template:
            naming = project.naming.model_copy(update={k: v for k, v in (
                ("name_pattern", args.name_pattern), ("description", args.naming_description),
                ("file_template", args.file_template)) if v})
            naming = type(project.naming).model_validate(naming.model_dump())  # the pattern must compile
        updated = client.update_project(args.code, name=args.name, naming=naming,
                                        kinds=_kinds(project.kinds, args), color=_color(args),
                                        clear_color=args.no_ocio)
    if args.json:
        print_json(updated)
    else:
        print(f"project {updated.code} ({updated.name}): {len(updated.kinds)} kinds, "
              f"names must be {updated.naming.description}")
    return 0
