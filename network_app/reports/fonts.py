"""The documents' font and its metrics, so that table columns are wide enough for their words.

The documents name Calibri, which Word has everywhere and LibreOffice replaces by Carlito, a font
with the same advance widths (fonts-crosextra-carlito). Widths are measured with the real font
files through Pillow: Carlito first (Calibri's metrics exactly); where it is missing, wider fonts
(Liberation Sans has Arial's metrics, DejaVu Sans is wider still), so that a column measured with
a fallback is too wide rather than too narrow; without any font file, a generous 0.62 em per
character. No font is shipped with the app.
"""

import functools
import threading

from PIL import ImageFont

FONT_NAME = "Calibri"  # LibreOffice: Carlito, metric-compatible
# (regular, bold) file names; Pillow looks them up in the system's font folders.
FONT_FILES = (
    ("Carlito-Regular.ttf", "Carlito-Bold.ttf"),
    ("Calibri.ttf", "Calibrib.ttf"),
    ("calibri.ttf", "calibrib.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
METRIC_FILES = FONT_FILES[0]
UNITS = 1000  # fonts are loaded at 1000 px to the em: widths in thousandths of an em
FALLBACK_EM = 0.62

_loaded = threading.local()


@functools.cache
def font_files():
    """The (regular, bold) pair found first, as paths, or None."""
    for regular, bold in FONT_FILES:
        try:
            return (
                ImageFont.truetype(regular, 10).path,
                ImageFont.truetype(bold, 10).path,
            )
        except OSError:
            continue
    return None


def metric_compatible():
    """Whether widths are measured with Calibri's own metrics (Carlito or Calibri itself)."""
    files = font_files()
    return bool(files) and any(name in files[0] for name in ("Carlito", "alibri"))


def _fonts():
    """The FreeType faces of this thread (a face must not be used by two threads at once)."""
    if not hasattr(_loaded, "faces"):
        files = font_files()
        _loaded.faces = tuple(ImageFont.truetype(path, UNITS) for path in files) if files else None
        _loaded.widths = ({}, {})
        _loaded.texts = ({}, {})
    return _loaded.faces, _loaded.widths


def em_width(text, bold=False):
    """The advance width of text in em (multiply by the size in points for points)."""
    faces, widths = _fonts()
    cache = widths[bold]
    width = cache.get(text)
    if width is None:
        if faces is None:
            width = len(text) * FALLBACK_EM
        else:
            width = faces[bold].getlength(text) / UNITS
        if len(cache) < 200_000:
            cache[text] = width
    return width


def longest_word_em(text, bold=False):
    """The widest word of text in em: the narrowest a column can be without breaking it."""
    return max((em_width(word, bold) for word in text.split()), default=0.0)


def line_em(text, bold=False):
    """The width of text set on one line per paragraph, in em: the widest of its lines."""
    space = em_width(" ", bold)
    widest = 0.0
    for line in text.split("\n"):
        words = line.split()
        if words:
            width = sum(em_width(word, bold) for word in words) + space * (len(words) - 1)
            widest = max(widest, width)
    return widest


def text_em(text, bold=False):
    """(widest word, widest line) of text in em, remembered per text: a report repeats the same
    cell texts (the checklist's 22 points and states) for every organisation."""
    _fonts()
    cache = _loaded.texts[bold]
    measured = cache.get(text)
    if measured is None:
        measured = (longest_word_em(text, bold), line_em(text, bold))
        if len(cache) < 50_000:
            cache[text] = measured
    return measured
