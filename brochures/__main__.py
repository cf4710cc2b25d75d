"""Run the brochure command as `python -m brochures`."""

import sys

from brochures.builder.cli import main

sys.exit(main(prog="python -m brochures"))
