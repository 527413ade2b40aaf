"""A fast writer of WordprocessingML on top of python-docx's package and default template.

python-docx's object API looks styles up by name with XPath and walks whole tables on every
cell access: a 50-organisation report took half a minute. Here the body is written as XML text,
escaped once, and spliced into the serialized document part before its section properties when
the package is saved, never parsed into a tree (parsing, moving and serializing the 3.6 MB body
of a 50-organisation report was a third of a second); python-docx still does the package,
styles, image parts and core properties. The text is written as lxml would serialize it
(empty elements self-closed, the same escaping), so the document part is byte for byte what
parsing it first gave.

What Word needs so that it opens without a repair prompt and reads well: real Heading 1-3 styles
(navigation pane, table of contents), w:tcPr children in schema order (w:tcW, then w:shd), table
header rows marked w:tblHeader, every cell with a paragraph, alt text on pictures (wp:docPr/@descr
and @title), a PAGE field built from w:fldChar runs, Swedish language in the style defaults, A4
pages, core properties set in full (the template says "python-docx" as author and description
otherwise), no template thumbnail, and text without the characters XML 1.0 forbids.
"""

from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.parts.image import ImagePart
from docx.shared import Cm

from network_app.forms import clean_text

TWIPS_PER_CM = 567
TEXT_WIDTH_CM = 16
HEADER_FILL = "D9E2F3"
TABLE_TEXT_HALF_POINTS = 19  # 9.5 pt: seven columns fit on A4 without breaking words


def clean(value):
    """Text as XML 1.0 and python-docx accept it: no NUL, VT, FF, ESC or other controls."""
    if value is None:
        return ""
    return clean_text(str(value))


def _t(text):
    if not text:
        return '<w:t xml:space="preserve"/>'
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _attribute(text):
    """An attribute value escaped as lxml escapes it."""
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})


def _runs(text, bold=False, half_points=None):
    """Runs of one paragraph: single newlines become line breaks."""
    size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>' if half_points else ""
    properties = f"<w:rPr>{'<w:b/>' if bold else ''}{size}</w:rPr>" if bold or size else ""
    parts = []
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("<w:r><w:br/></w:r>")
        if line:
            parts.append(f"<w:r>{properties}{_t(line)}</w:r>")
    return "".join(parts)


def _paragraph(content="", style=None):
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    if not (properties or content):
        return "<w:p/>"
    return f"<w:p>{properties}{content}</w:p>"


def _inline_picture(shape_id, rel_id, filename, cx, cy, alt_text):
    """The wp:inline of a picture as python-docx builds it (CT_Inline.new_pic_inline), with
    alt text; wp and r are declared on the document element, a and pic here."""
    alt = _attribute(alt_text)
    title = _attribute(alt_text[:200])
    return (
        f'<wp:inline xmlns:a="{nsmap["a"]}" xmlns:pic="{nsmap["pic"]}">'
        f'<wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{shape_id}" name="Picture {shape_id}" descr="{alt}" title="{title}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic><a:graphicData uri="{nsmap["pic"]}"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="0" name="{_attribute(filename)}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline>"
    )


class _SplicedPart:
    """The document part as the package writer sees it, with the body spliced into its XML."""

    def __init__(self, part, blob):
        self._part = part
        self.blob = blob

    def __getattr__(self, name):
        return getattr(self._part, name)


def field_runs(instruction, placeholder):
    """A complex field (begin, instruction, separate, cached result, end) that Word updates."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{_t(placeholder)}</w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


class Writer:
    """Appends blocks to a new A4 Swedish document; bytes() gives the .docx."""

    def __init__(self, *, title, author, subject, category, keywords, now, footer_label):
        self.document = Document()
        self._pending = []
        self._images = {}  # PNG bytes -> (relationship id, docx Image)
        self._setup_page()
        self._set_language("sv-SE")
        self._set_properties(
            title=title,
            author=author,
            subject=subject,
            category=category,
            keywords=keywords,
            now=now,
        )
        self._drop_thumbnail()
        self._footer(footer_label)
        # Picture ids counted here: python-docx finds the next one by scanning the whole body
        # (an XPath per picture), which made the 100 charts of a 50-organisation report 1.4 s.
        self._next_shape_id = self.document.part.next_id

    # Document-wide settings

    def _setup_page(self):
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))

    def _set_language(self, language):
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        settings = self.document.settings.element
        for name, value in (
            ("w:themeFontLang", language),
            ("w:decimalSymbol", ","),
            ("w:listSeparator", ";"),
        ):
            element = settings.find(qn(name))
            if element is not None:
                element.set(qn("w:val"), value)

    def _set_properties(self, *, title, author, subject, category, keywords, now):
        properties = self.document.core_properties
        properties.title = clean(title)[:255]
        properties.author = clean(author)[:255]
        properties.last_modified_by = clean(author)[:255]
        properties.subject = clean(subject)[:255]
        properties.category = clean(category)[:255]
        properties.keywords = clean(keywords)[:255]
        properties.comments = ""
        properties.language = "sv-SE"
        properties.revision = 1
        moment = now.replace(tzinfo=None)  # python-docx writes naive datetimes as UTC
        properties.created = properties.modified = moment

    def _drop_thumbnail(self):
        """The template's thumbnail shows python-docx's sample page, not this document."""
        package = self.document.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[rel_id]

    def _footer(self, label):
        footer = self.document.sections[0].footer
        paragraph = footer.paragraphs[0]._p
        paragraph.addprevious(
            parse_xml(
                f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr>'
                f"<w:r>{_t(clean(label) + ' ')}</w:r>{field_runs('PAGE', '1')}</w:p>"
            )
        )
        paragraph.getparent().remove(paragraph)

    # Blocks

    def _add(self, xml):
        self._pending.append(xml)

    def paragraph(self, text, style=None, bold=False):
        self._add(_paragraph(_runs(clean(text), bold), style))

    def text(self, text, style=None):
        """Blocks separated by blank lines become paragraphs; nothing for empty text."""
        text = clean(text).strip()
        for block in text.split("\n\n") if text else ():
            if block.strip():
                self._add(_paragraph(_runs(block.strip("\n")), style))

    def heading(self, text, level):
        self.paragraph(clean(text).strip() or "–", style=f"Heading{min(max(level, 1), 3)}")

    def fact(self, label, value, style=None):
        value = clean(value).strip()
        if value:
            self._add(_paragraph(_runs(f"{clean(label)}: ", bold=True) + _runs(value), style))

    def page_break(self):
        self._add('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def field(self, instruction, placeholder):
        self._add(_paragraph(field_runs(instruction, clean(placeholder))))

    def table(self, headers, rows, *, widths=None, fills=None, bold_rows=()):
        """A grid table whose first row repeats on every page; fills: {(row, column): hex}."""
        fills = fills or {}
        widths = widths or [TEXT_WIDTH_CM / len(headers)] * len(headers)
        twips = [int(w * TWIPS_PER_CM) for w in widths]
        parts = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{w}"/>' for w in twips),
            "</w:tblGrid>",
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
        ]
        for header, width in zip(headers, twips, strict=True):
            parts.append(_cell(clean(header), width, HEADER_FILL, bold=True))
        parts.append("</w:tr>")
        for row_index, values in enumerate(rows):
            parts.append("<w:tr>")
            bold = row_index in bold_rows
            for column, (value, width) in enumerate(zip(values, twips, strict=True)):
                parts.append(_cell(clean(value), width, fills.get((row_index, column)), bold))
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._add("".join(parts))
        self._add("<w:p/>")  # Word needs a paragraph between tables; it also gives air

    def picture(self, png, alt_text, width_cm=TEXT_WIDTH_CM):
        """The picture in a paragraph of its own, with alt text, then its caption."""
        rel_id, image = self._image(png)
        width, height = image.scaled_dimensions(Cm(width_cm), None)
        inline = _inline_picture(
            self._next_shape_id, rel_id, image.filename, width, height, clean(alt_text)
        )
        self._next_shape_id += 1
        self._add(f"<w:p><w:r><w:drawing>{inline}</w:drawing></w:r></w:p>")
        self.paragraph(alt_text, style="Caption")

    def _image(self, png):
        """The image part of a PNG, one per distinct picture, named and related as python-docx
        names and relates them (its own lookup hashes every earlier image again each time)."""
        if png not in self._images:
            image = Image.from_blob(png)
            image_parts = self.document.part.package.image_parts
            partname = PackURI(f"/word/media/image{len(image_parts) + 1}.{image.ext}")
            image_part = ImagePart.from_image(image, partname)
            image_parts.append(image_part)
            self._images[png] = (self.document.part.relate_to(image_part, RT.IMAGE), image)
        return self._images[png]

    def bytes(self):
        document_part = self.document.part
        skeleton = serialize_part_xml(document_part.element)
        at = skeleton.index(b"<w:sectPr")  # the body holds only the section properties
        blob = skeleton[:at] + "".join(self._pending).encode("utf-8") + skeleton[at:]
        package = document_part.package
        parts = [
            _SplicedPart(part, blob) if part is document_part else part for part in package.parts
        ]
        output = BytesIO()
        PackageWriter.write(output, package.rels, parts)
        return output.getvalue()


def _cell(text, width, fill=None, bold=False):
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill={quoteattr(fill)}/>' if fill else ""
    paragraphs = "".join(
        _paragraph(_runs(block, bold, TABLE_TEXT_HALF_POINTS)) for block in text.split("\n\n")
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{paragraphs}</w:tc>'
