#!/usr/bin/env python3
"""Run the brochure command from a checkout: python build.py --lang es --topic neurological."""

import sys

from brochures.builder.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="build.py"))
