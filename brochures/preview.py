"""Turn a brochure PDF into one PNG of its pages side by side, for READMEs and reviewers.

    python -m brochures.preview dist/es/neurological.pdf docs/brochure-es-neurological.png
"""

from __future__ import annotations

import argparse
from pathlib import Path


def pdf_to_png(pdf: Path, png: Path, *, dpi: int = 60, gap: int = 12) -> Path:
    import pypdfium2  # from the test extra: only needed for previews
    from PIL import Image

    document = pypdfium2.PdfDocument(str(pdf))
    pages = [document[i].render(scale=dpi / 72).to_pil().convert("RGB")
             for i in range(len(document))]
    width = sum(p.width for p in pages) + gap * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * gap
    sheet = Image.new("RGB", (width, height), (120, 128, 136))
    x = gap
    for page in pages:
        sheet.paste(page, (x, gap))
        x += page.width + gap
    png.parent.mkdir(parents=True, exist_ok=True)
    # A 128-colour palette keeps committed previews small; text stays crisp at this size.
    sheet.quantize(colors=128, dither=Image.Dither.NONE).save(png, optimize=True)
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    print(pdf_to_png(args.pdf, args.png, dpi=args.dpi))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
