"""Run the brochure command as `python -m brochures`."""

import sys

from brochures.build.cli import main

sys.exit(main(prog="python -m brochures"))
