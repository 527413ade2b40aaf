"""Held trainings per year as a PNG bar chart drawn with Pillow; the page shows the same figures
as a table and the image carries a text alternative."""

import io

from PIL import Image, ImageDraw, ImageFont

BAR_COLOUR = (31, 78, 121)
TEXT_COLOUR = (20, 20, 20)
GRID_COLOUR = (200, 200, 200)
FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf")


def _font(size):
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def bars_png(bars, *, value_text, scale=2):
    """bars: [(label, value)], drawn as horizontal bars with `value_text(value)` after each."""
    font = _font(15 * scale)
    row, label_width, chart_width, pad = 30 * scale, 64 * scale, 320 * scale, 12 * scale
    width = label_width + chart_width + 176 * scale  # 560 px wide at scale 1
    height = pad * 2 + row * max(len(bars), 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max([value for _, value in bars] + [1])
    draw.line((label_width, pad, label_width, height - pad), fill=GRID_COLOUR, width=scale)
    for index, (label, value) in enumerate(bars):
        y = pad + index * row
        draw.text((pad, y + 5 * scale), str(label), fill=TEXT_COLOUR, font=font)
        length = int(chart_width * value / top)
        if length:
            draw.rectangle(
                (label_width, y + 4 * scale, label_width + length, y + row - 6 * scale),
                fill=BAR_COLOUR,
            )
        draw.text(
            (label_width + length + 8 * scale, y + 5 * scale),
            value_text(value),
            fill=TEXT_COLOUR,
            font=font,
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
