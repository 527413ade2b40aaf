"""A horizontal bar chart as PNG bytes, drawn with Pillow: cheap enough for a 50-bar report."""

import functools
import struct
import threading
import zlib

from PIL import Image, ImageDraw, ImageFont

BAR_COLOUR = (31, 78, 121)
TARGET_COLOUR = (192, 80, 0)
TEXT_COLOUR = (20, 20, 20)


# Fonts with å, ä and ö (Pillow's built-in font draws them as boxes); Pillow looks the file name
# up in the system's font folders. The first found is used.
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf")


@functools.cache
def hours_number(value):
    """Hours as the reports write them, like the hours pages: up to two decimals, decimal comma."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


_loaded = threading.local()


def _font(size):
    """The font, read from its file once per thread (once per chart was 50 reads per report);
    per thread, since a FreeType face must not be used by two threads at once."""
    fonts = _loaded.__dict__.setdefault("fonts", {})
    if size not in fonts:
        fonts[size] = _load_font(size)
    return fonts[size]


def _load_font(size):
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _fit(draw, text, font, width):
    """The label on one line (Pillow cannot measure a line break; a name stored by the command
    line or an import may hold one), shortened with an ellipsis to fit the label column."""
    text = " ".join(str(text).split())
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def bar_chart_png(bars, *, unit="h", target=None, target_label_text="Mål", scale=2):
    """bars: [(label, value)]. target: a value drawn as a labelled dashed line."""
    return png_bytes(
        draw_bar_chart(
            bars, unit=unit, target=target, target_label_text=target_label_text, scale=scale
        )
    )


def draw_bar_chart(bars, *, unit, target, target_label_text, scale):
    """The chart as a Pillow RGB image."""
    font = _font(15 * scale)
    row, label_width, chart_width, pad = 28 * scale, 250 * scale, 330 * scale, 12 * scale
    height = pad * 2 + row * max(len(bars), 1) + (24 * scale if target else 0)
    image = Image.new("RGB", (label_width + chart_width + 90 * scale, height), "white")
    draw = ImageDraw.Draw(image)
    top = max([value for _, value in bars] + [target or 0, 1])
    top_margin = pad + (24 * scale if target else 0)
    for index, (label, value) in enumerate(bars):
        y = top_margin + index * row
        text = _fit(draw, label, font, label_width - pad)
        draw.text((pad, y + 4 * scale), text, fill=TEXT_COLOUR, font=font)
        length = int(chart_width * value / top)
        draw.rectangle(
            (label_width, y + 3 * scale, label_width + max(length, 1), y + row - 5 * scale),
            fill=BAR_COLOUR,
        )
        shown = f"{hours_number(value)} {unit}"
        draw.text(
            (label_width + length + 6 * scale, y + 4 * scale), shown, fill=TEXT_COLOUR, font=font
        )
    if target:
        x = label_width + int(chart_width * target / top)
        target_label = f"{target_label_text} {target:g} {unit}"
        width = draw.textlength(target_label, font=font)
        draw.text(
            (min(x - width / 2, image.width - width - pad), pad),
            target_label,
            fill=TARGET_COLOUR,
            font=font,
        )
        for y in range(top_margin, top_margin + row * len(bars), 8 * scale):
            draw.line((x, y, x, y + 4 * scale), fill=TARGET_COLOUR, width=2 * scale)
    return image


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(image):
    """An RGB image as PNG: every row unfiltered, deflated at the fastest level.

    Pillow's encoder tries all five PNG filters on every row to pick one: 1.2 s for the 51
    charts of a 50-organisation report. Rows of flat colour and white space deflate about as
    small unfiltered (the file is no larger), in a tenth of the time; the pixels are the same.
    """
    width, height = image.size
    # Rows padded with one zero byte at their end: after a leading zero, that is every row
    # behind its filter-type byte 0 (none), without copying the rows one by one.
    padded = memoryview(image.tobytes("raw", ("RGB", 3 * width + 1)))
    deflate = zlib.compressobj(1)
    data = deflate.compress(b"\0") + deflate.compress(padded[:-1]) + deflate.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", data),
            _chunk(b"IEND", b""),
        )
    )
