"""A horizontal bar chart as PNG bytes, drawn with Pillow: cheap enough for a 50-bar report."""

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

BAR_COLOUR = (31, 78, 121)
TARGET_COLOUR = (192, 80, 0)
TEXT_COLOUR = (20, 20, 20)


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow built without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def _fit(draw, text, font, width):
    """The label shortened with an ellipsis so that it fits in the label column."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def bar_chart_png(bars, *, unit="h", target=None, scale=2):
    """bars: [(label, value)]. target: a value drawn as a dashed line (the lower hour target)."""
    font = _font(13 * scale)
    row, label_width, chart_width, pad = 26 * scale, 260 * scale, 420 * scale, 12 * scale
    height = pad * 2 + row * max(len(bars), 1) + 20 * scale
    image = Image.new("RGB", (label_width + chart_width + 90 * scale, height), "white")
    draw = ImageDraw.Draw(image)
    top = max([value for _, value in bars] + [target or 0, 1])
    for index, (label, value) in enumerate(bars):
        y = pad + index * row
        text = _fit(draw, label, font, label_width - pad)
        draw.text((pad, y + 4 * scale), text, fill=TEXT_COLOUR, font=font)
        length = int(chart_width * value / top)
        draw.rectangle(
            (label_width, y + 3 * scale, label_width + max(length, 1), y + row - 5 * scale),
            fill=BAR_COLOUR,
        )
        shown = f"{value:.1f}".replace(".", ",") + f" {unit}"
        draw.text(
            (label_width + length + 6 * scale, y + 4 * scale), shown, fill=TEXT_COLOUR, font=font
        )
    if target:
        x = label_width + int(chart_width * target / top)
        for y in range(pad, pad + row * len(bars), 8 * scale):
            draw.line((x, y, x, y + 4 * scale), fill=TARGET_COLOUR, width=2 * scale)
    output = BytesIO()
    image.save(output, format="PNG", optimize=False, compress_level=1)
    return output.getvalue()
