"""Turn brochure PDFs into PNG pictures for people: one brochure's pages, or a contact sheet.

python -m brochures.preview dist/es/neurological.pdf docs/brochure-es-neurological.png
python -m brochures.preview --contact-sheet es contact-es.png   # every topic, one picture
python -m brochures.preview --contact-sheet es all-es.png --layout all [--print-ready]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow comes with the test extra
    from PIL import Image

GAP = 12
BACKDROP = (120, 128, 136)


def page_images(pdf: bytes | Path, dpi: int) -> list[Image.Image]:
    """The pages of a PDF as RGB pictures (pypdfium2, from the test extra)."""
    import pypdfium2

    source = pdf if isinstance(pdf, bytes) else str(pdf)
    document = pypdfium2.PdfDocument(source)
    return [
        document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))
    ]


def side_by_side(rows: list[list[Image.Image]], gap: int = GAP) -> Image.Image:
    """Rows of pictures on a grey backdrop, left to right, top to bottom."""
    from PIL import Image

    width = max(sum(image.width for image in row) + gap * (len(row) + 1) for row in rows)
    height = sum(max(image.height for image in row) for row in rows) + gap * (len(rows) + 1)
    sheet = Image.new("RGB", (width, height), BACKDROP)
    y = gap
    for row in rows:
        x = gap
        for image in row:
            sheet.paste(image, (x, y))
            x += image.width + gap
        y += max(image.height for image in row) + gap
    return sheet


def save_small(sheet: Image.Image, png: Path) -> Path:
    """A 128-colour palette keeps committed pictures small; text stays crisp at this size."""
    from PIL import Image

    png.parent.mkdir(parents=True, exist_ok=True)
    sheet.quantize(colors=128, dither=Image.Dither.NONE).save(png, optimize=True)
    return png


def pdf_to_png(pdf: Path, png: Path, *, dpi: int = 60) -> Path:
    return save_small(side_by_side([page_images(pdf, dpi)]), png)


def sheet_order(path: Path) -> tuple[int, str]:
    """Where a brochure goes on a contact sheet: layout by layout (leaflets first, as in
    defaults.LAYOUTS), then topic by topic."""
    from brochures import defaults

    # The layout follows the topic, before the paper, print-ready and draft suffixes.
    kinds = [
        n for n, layout in enumerate(defaults.LAYOUTS) if re.search(f"-{layout}(-|$)", path.stem)
    ]
    return (kinds[0] if kinds else 0, path.stem)


def contact_sheet(
    lang: str,
    png: Path,
    *,
    layouts: tuple[str, ...] = ("leaflet",),
    print_ready: bool = False,
    dpi: int = 30,
) -> Path:
    """Every topic of one language, one row per document, layout by layout ("all": the
    three), built in memory (nothing in dist/)."""
    import tempfile

    from brochures.builder.pipeline import build
    from brochures.builder.plan import BuildOptions

    with tempfile.TemporaryDirectory() as folder:
        written = build(
            BuildOptions(
                langs=(lang,), layouts=layouts, out_dir=Path(folder), print_ready=print_ready
            ),
            report=lambda _: None,
        )
        rows = [page_images(path, dpi) for path in sorted(written, key=sheet_order)]
    return save_small(side_by_side(rows), png)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a PDF, or a language code with --contact-sheet")
    parser.add_argument("png", type=Path)
    parser.add_argument(
        "--contact-sheet",
        action="store_true",
        help="every topic of the language SOURCE in one picture",
    )
    parser.add_argument(
        "--layout", default="leaflet", help="a layout, a comma list, or 'all' (contact sheets)"
    )
    parser.add_argument("--print-ready", action="store_true", help="with bleed and crop marks")
    parser.add_argument("--dpi", type=int, default=None)
    args = parser.parse_args(argv)
    if args.contact_sheet:
        layouts = tuple(name.strip() for name in args.layout.split(",") if name.strip())
        sheet = contact_sheet(
            args.source,
            args.png,
            layouts=layouts,
            print_ready=args.print_ready,
            dpi=args.dpi or 30,
        )
        print(sheet)
    else:
        print(pdf_to_png(Path(args.source), args.png, dpi=args.dpi or 60))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
