import io

from brickyard.core.cli.progress_bar import ProgressBar
from brickyard.core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_each_phase_gets_one_line_that_ends_at_its_total():
    screen = Terminal()
    bar = ProgressBar(screen)
    for done in (0, 500, 1000):
        bar(Progress("hash", "plate.exr", done, 1000, 0, 1))
    bar(Progress("hash", "plate.exr", 1000, 1000, 1, 1))
    bar(Progress("upload", "plate.exr", 1000, 1000, 1, 1))
    bar.close()
    lines = [line.rsplit("\r", 1)[-1].rstrip() for line in screen.getvalue().split("\n") if line]
    assert [line.split()[0] for line in lines] == ["hash", "upload"]
    assert "100.0% 1000 B/1000 B file 1/1" in lines[0] and lines[1].endswith("file 1/1")


def test_silent_when_not_a_terminal():
    quiet = io.StringIO()
    bar = ProgressBar(quiet)
    bar(Progress("upload", "a", 1, 2))
    bar.close()
    assert quiet.getvalue() == ""
