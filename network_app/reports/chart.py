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
# up in the system's font folders. The first found is used. Liberation Sans (Arial's metrics)
# first: a sans-serif beside the documents' Calibri that FreeType draws four times as fast as
# Carlito (0.25 ms a label against 0.9 ms: a 50-organisation report draws 600 of them).
FONT_FILES = (
    "LiberationSans-Regular.ttf",
    "DejaVuSans.ttf",
    "Carlito-Regular.ttf",
    "Arial.ttf",
    "arial.ttf",
)


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
    """The chart as a Pillow RGB image. The target's dashed line is drawn first and every
    label after it on a white ground, so that the line never runs through a label."""
    font = _font(15 * scale)
    row, label_width, chart_width, pad = 28 * scale, 250 * scale, 330 * scale, 12 * scale
    height = pad * 2 + row * max(len(bars), 1) + (24 * scale if target else 0)
    image = Image.new("RGB", (label_width + chart_width + 90 * scale, height), "white")
    draw = ImageDraw.Draw(image)
    top = max([value for _, value in bars] + [target or 0, 1])
    top_margin = pad + (24 * scale if target else 0)
    if target:
        x = label_width + int(chart_width * target / top)
        for y in range(top_margin, top_margin + row * len(bars), 8 * scale):
            draw.line((x, y, x, y + 4 * scale), fill=TARGET_COLOUR, width=2 * scale)
        target_label = f"{target_label_text} {target:g} {unit}"
        width = draw.textlength(target_label, font=font)
        _label(
            draw,
            (min(x - width / 2, image.width - width - pad), pad),
            target_label,
            font,
            TARGET_COLOUR,
        )
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
        at = (label_width + length + 6 * scale, y + 4 * scale)
        if target:  # on a white ground where the line may pass
            _label(draw, at, shown, font, TEXT_COLOUR)
        else:
            draw.text(at, shown, fill=TEXT_COLOUR, font=font)
    return image


def _label(draw, at, text, font, colour):
    """Text on a white ground a little larger than the text, over whatever lies below."""
    left, top, right, bottom = draw.textbbox(at, text, font=font)
    margin = max(2, getattr(font, "size", 12) // 6)
    draw.rectangle((left - margin, top - margin, right + margin, bottom + margin), fill="white")
    draw.text(at, text, fill=colour, font=font)


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


# Heat map colours by the share of a section's points done: none, some, most, all.
HEAT_COLOURS = ((242, 242, 242), (252, 228, 214), (255, 230, 153), (169, 208, 142))


def heat_colour(done, total):
    """The colour of a cell of the checklist heat map (RGB), also used as the table's fill."""
    if not total or not done:
        return HEAT_COLOURS[0]
    if done == total:
        return HEAT_COLOURS[3]
    return HEAT_COLOURS[1] if done * 2 < total else HEAT_COLOURS[2]


def _wrap(draw, text, font, width, lines):
    """Text in at most `lines` lines of the width, the last shortened with an ellipsis."""
    words, result = " ".join(str(text).split()).split(" "), []
    while words and len(result) < lines:
        line = words.pop(0)
        while words and draw.textlength(line + " " + words[0], font=font) <= width:
            line += " " + words.pop(0)
        result.append(line)
    if words:
        result[-1] = _fit(draw, result[-1] + " " + " ".join(words), font, width)
    return [_fit(draw, line, font, width) for line in result]


def heat_map_png(columns, rows, *, total_label="Totalt", scale=2):
    """columns: the section titles; rows: [(organisation, [(done, total)], done, total)]."""
    return png_bytes(draw_heat_map(columns, rows, total_label=total_label, scale=scale))


def draw_heat_map(columns, rows, *, total_label, scale):
    font = _font(13 * scale)
    small = _font(11 * scale)
    pad, label_width, row = 10 * scale, 210 * scale, 26 * scale
    header = 5 * 14 * scale + pad
    titles = list(columns) + [total_label]
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    longest = max(
        (measure.textlength(word, font=small) for title in titles for word in str(title).split()),
        default=0,
    )
    cell = int(max(80 * scale, min(longest + 8 * scale, 130 * scale)))
    width = pad * 2 + label_width + cell * len(titles)
    height = pad * 2 + header + row * max(len(rows), 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for index, title in enumerate(titles):
        x = pad + label_width + index * cell
        for number, line in enumerate(_wrap(draw, title, small, cell - 6 * scale, 5)):
            draw.text(
                (x + 3 * scale, pad + number * 14 * scale), line, fill=TEXT_COLOUR, font=small
            )
    stamps = {}
    for row_index, (organisation, sections, done, total) in enumerate(rows):
        y = pad + header + row_index * row
        text = _fit(draw, organisation, font, label_width - pad)
        draw.text((pad, y + 5 * scale), text, fill=TEXT_COLOUR, font=font)
        for index, (cell_done, cell_total) in enumerate(list(sections) + [(done, total)]):
            x = pad + label_width + index * cell
            draw.rectangle(
                (x, y, x + cell - 2 * scale, y + row - 2 * scale),
                fill=heat_colour(cell_done, cell_total),
            )
            stamp = stamps.get((cell_done, cell_total))
            if stamp is None:  # each distinct "3/9" drawn once, then stamped
                shown = f"{cell_done}/{cell_total}"
                stamp = Image.new("L", (cell, row), 0)
                shown_width = draw.textlength(shown, font=font)
                ImageDraw.Draw(stamp).text(
                    ((cell - shown_width) / 2, 5 * scale), shown, fill=255, font=font
                )
                stamps[(cell_done, cell_total)] = stamp
            image.paste(TEXT_COLOUR, (x, y, x + cell, y + row), stamp)
    return image
