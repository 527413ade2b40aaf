"""The demo's Word documents drawn as pages, to look at them and for the README's pictures.

    python -m bench.word_pages OUT [--resolution 70] [--readme]

Builds the demo (network_app.demo, as of 2026-12-01) in an in-memory SQLite database, writes
every organisation's learning example and both network reports (with names, and anonymised for
publication), converts each with LibreOffice (`soffice --headless --convert-to pdf`) and draws
its pages with poppler (`pdftoppm -png`) into OUT. --readme also copies the two pages of a
learning example and of the network report that the README shows to docs/reports/, at 50 dpi.
Needs libreoffice-writer-nogui, poppler-utils and the fonts (fonts-crosextra-carlito,
fonts-liberation).
"""

import argparse
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

DEMO_DAY = date(2026, 12, 1)
README_PAGES = {  # document -> the pages the README shows
    "larande-exempel-malmo-avidentifierat": (1, 4),
    "natverksrapport": (3, 4),
}
DOCS = Path(__file__).resolve().parent.parent / "docs" / "reports"


def write_documents(out):
    """{name: path} of the demo's documents written as .docx into out."""
    from network_app import create_app
    from network_app.demo import seed_demo
    from network_app.extensions import db
    from network_app.networks import services as network_services
    from network_app.reports import collect
    from network_app.reports.builder import build_learning_example, build_network_report

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "word-pages", "TESTING": True}
    )
    now = datetime.combine(DEMO_DAY, datetime.min.time(), UTC).replace(hour=9, minute=30)
    written = {}
    with app.app_context():
        db.create_all()
        network = seed_demo(DEMO_DAY)
        db.session.commit()
        with app.test_request_context():
            for participation in network_services.accepted_participations(network):
                slug = _slug(participation.organisation.name)
                for anonymised, suffix in ((False, ""), (True, "-avidentifierat")):
                    data = collect.learning_example_data(
                        participation, anonymised=anonymised, contact_details=True, now=now
                    )
                    name = f"larande-exempel-{slug}{suffix}"
                    written[name] = out / f"{name}.docx"
                    written[name].write_bytes(build_learning_example(data))
            for anonymised, suffix in ((False, ""), (True, "-avidentifierad")):
                data = collect.network_report_data(
                    network, anonymised=anonymised, contact_details=True, now=now
                )
                name = f"natverksrapport{suffix}"
                written[name] = out / f"{name}.docx"
                written[name].write_bytes(build_network_report(data))
    return written


def _slug(name):
    table = str.maketrans("åäöÅÄÖé ", "aaoAAOe-")
    first = name.split()[0]
    return "".join(c for c in first.translate(table).lower() if c.isalnum() or c == "-")


def draw_pages(documents, out, resolution):
    subprocess.run(
        [shutil.which("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(out)]
        + [str(path) for path in documents.values()],
        check=True,
        capture_output=True,
    )
    for name in documents:
        subprocess.run(
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                str(resolution),
                str(out / f"{name}.pdf"),
                str(out / name),
            ],
            check=True,
        )


def readme_pictures(out):
    DOCS.mkdir(parents=True, exist_ok=True)
    for name, pages in README_PAGES.items():
        subprocess.run(
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                "50",
                str(out / f"{name}.pdf"),
                str(out / f"small-{name}"),
            ],
            check=True,
        )
        drawn = _pages(out, f"small-{name}")
        for page in pages:
            _save_small(drawn[page], DOCS / f"{name}-sida-{page}.png")


def _pages(out, prefix):
    """{page number: PNG} of the pages pdftoppm drew as prefix-1.png (or -01, -001)."""
    pages = {}
    for path in out.glob(f"{prefix}-*.png"):
        number = path.stem[len(prefix) + 1 :]
        if number.isdigit():
            pages[int(number)] = path
    return pages


def _save_small(source, target):
    """The page in 64 greys and colours, optimised: a few tens of KB."""
    from PIL import Image

    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=64).save(target, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--resolution", type=int, default=70)
    parser.add_argument("--readme", action="store_true")
    arguments = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        raise SystemExit("needs soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils)")
    arguments.out.mkdir(parents=True, exist_ok=True)
    documents = write_documents(arguments.out)
    draw_pages(documents, arguments.out, arguments.resolution)
    if arguments.readme:
        readme_pictures(arguments.out)
    for name in documents:
        print(f"{name}: {len(_pages(arguments.out, name))} pages")


if __name__ == "__main__":
    main()
