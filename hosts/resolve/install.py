"""Install Brickyard's menu scripts into Resolve's per-OS ``Fusion/Scripts/Utility`` folder.

    python -m brickyard.hosts.resolve.install [--dry-run] [--target DIR] [--all-users] [--uninstall]

Resolve lists the scripts under Workspace › Scripts on every page after a restart. Each script starts
a Brickyard window in its own process with the Python this installer ran with (Resolve's own Python
needs neither Brickyard nor Qt). A file of the same name that Brickyard did not write is never
overwritten or removed.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .ui import WINDOWS

MARKER = "# Brickyard menu script"
TITLES = {"loader": "Loader", "publisher": "Publisher", "inventory": "Inventory"}
REQUIREMENTS = """\
What the Brickyard menu needs in DaVinci Resolve:
  * DaVinci Resolve Studio. The windows run in their own Python process and reach Resolve through
    external scripting, which the free edition refuses (and from Resolve 21.1, Python scripts need
    Studio altogether).
  * Preferences > System > General > "External scripting using": Local. Restart Resolve after changing it.
  * Resolve restarted once after installing, to list Workspace > Scripts > Brickyard Loader / Publisher /
    Inventory.
  * A Brickyard server and token for this user: `brickyard login` (or BRICKYARD_URL / BRICKYARD_TOKEN).
From a terminal the same connection works without the menu: python -m brickyard.hosts.resolve.ui loader"""

TEMPLATE = '''{marker} ({title}). Written by `python -m brickyard.hosts.resolve.install`; reinstalling replaces it.
# Opens the Brickyard {title} window in its own process, so Resolve stays responsive.
import subprocess
import sys

PYTHON = {python!r}


def edition():
    """The product name of the Resolve running this script ("" when it cannot be told)."""
    app = globals().get("resolve")
    if app is None and globals().get("app") is not None:
        app = globals()["app"].GetResolve()
    try:
        return str(app.GetProductName() or "") if app is not None else ""
    except Exception:
        return ""


name = edition()
if name and "studio" not in name.lower():
    # Printed to Workspace > Console: the window would only fail to connect, out of sight.
    print("Brickyard: the {title} window needs DaVinci Resolve Studio: it runs in its own process and reaches "
          "Resolve through external scripting, which " + name + " refuses. Use Resolve Studio (then set "
          "Preferences > System > General > External scripting using: Local).")
else:
    try:
        subprocess.Popen([PYTHON, "-m", "brickyard.hosts.resolve.ui", {window!r}], close_fds=True)
    except OSError as exc:
        print("Brickyard: cannot start " + PYTHON + " (" + str(exc) + "). Install Brickyard again with "
              "`python -m brickyard.hosts.resolve.install` from the Python it lives in.", file=sys.stderr)
'''


def scripts_folder(*, all_users: bool = False, platform: str = sys.platform, env: dict[str, str] | None = None,
                   home: Path | None = None) -> Path:
    """Resolve's ``Fusion/Scripts`` folder for this user (or every user) on ``platform``, as its README says."""
    env = dict(os.environ if env is None else env)
    home = home or Path.home()
    if platform == "darwin":
        base = Path("/Library") if all_users else home / "Library"
        return base / "Application Support" / "Blackmagic Design" / "DaVinci Resolve" / "Fusion" / "Scripts"
    if platform == "win32":
        if all_users:
            root = Path(env.get("PROGRAMDATA", r"C:\ProgramData"))
            return root / "Blackmagic Design" / "DaVinci Resolve" / "Fusion" / "Scripts"
        root = Path(env.get("APPDATA", home / "AppData" / "Roaming"))
        return root / "Blackmagic Design" / "DaVinci Resolve" / "Support" / "Fusion" / "Scripts"
    if all_users:
        return Path("/opt/resolve/Fusion/Scripts")
    return home / ".local" / "share" / "DaVinciResolve" / "Fusion" / "Scripts"


def script_text(window: str, python: str) -> str:
    return TEMPLATE.format(marker=MARKER, title=TITLES[window], window=window, python=python)


@dataclass
class InstallReport:
    folder: Path
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    skipped: dict[Path, str] = field(default_factory=dict)  # path → why it was left alone


def install(target: str | Path | None = None, *, python: str | None = None, dry_run: bool = False,
            all_users: bool = False) -> InstallReport:
    """Write the three menu scripts into ``target`` (default: this user's Scripts folder) / ``Utility``."""
    folder = (Path(target) if target else scripts_folder(all_users=all_users)) / "Utility"
    report = InstallReport(folder)
    for window in WINDOWS:
        path = folder / f"Brickyard {TITLES[window]}.py"
        if path.exists() and not _ours(path):
            report.skipped[path] = "a file of that name not written by Brickyard is there; rename it and retry"
            continue
        if not dry_run:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(script_text(window, python or sys.executable), encoding="utf-8")
        report.written.append(path)
    return report


def uninstall(target: str | Path | None = None, *, dry_run: bool = False, all_users: bool = False) -> InstallReport:
    """Remove the menu scripts Brickyard wrote (and nothing else)."""
    folder = (Path(target) if target else scripts_folder(all_users=all_users)) / "Utility"
    report = InstallReport(folder)
    for window in WINDOWS:
        path = folder / f"Brickyard {TITLES[window]}.py"
        if path.exists():
            if not _ours(path):
                report.skipped[path] = "not written by Brickyard: left in place"
                continue
            if not dry_run:
                path.unlink()
            report.removed.append(path)
    return report


def _ours(path: Path) -> bool:
    try:
        return path.read_text(encoding="utf-8", errors="replace").startswith(MARKER)
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="brickyard install resolve",
                                     description="Install Brickyard's menu scripts into DaVinci Resolve.")
    parser.add_argument("--target", help="the Fusion/Scripts folder (default: this user's, for this OS)")
    parser.add_argument("--all-users", action="store_true", help="the folder shared by every user (needs admin)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    parser.add_argument("--uninstall", action="store_true", help="remove the scripts Brickyard installed")
    args = parser.parse_args(argv)
    run = uninstall if args.uninstall else install
    try:
        report = run(args.target, dry_run=args.dry_run, all_users=args.all_users)
    except OSError as exc:
        print(f"brickyard: cannot write to {exc.filename or args.target}: {exc.strerror or exc}. Choose a "
              "writable --target, or run with admin rights for --all-users", file=sys.stderr)
        return 1
    verb = ("would remove" if args.dry_run else "removed") if args.uninstall else \
        ("would write" if args.dry_run else "wrote")
    for path in report.removed if args.uninstall else report.written:
        print(f"{verb} {path}")
    for path, why in report.skipped.items():
        print(f"left {path}: {why}", file=sys.stderr)
    if not args.uninstall:
        print()
        print(REQUIREMENTS)
    return 1 if report.skipped else 0


if __name__ == "__main__":
    sys.exit(main())
