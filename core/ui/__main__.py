"""``python -m brickyard.core.ui loader|publisher|inventory [--scene FILE]``: see ``launch.py``."""

import sys

from .launch import main

sys.exit(main())
