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
from network_app.reports import fonts

# What docProps/app.xml names as the application that wrote the document.
APPLICATION = "SKR:s nätverk mot hot och hat"
APPLICATION_VERSION = "1.0"

TWIPS_PER_CM = 567
TEXT_WIDTH_CM = 16
TEXT_WIDTH_TWIPS = TEXT_WIDTH_CM * TWIPS_PER_CM
HEADER_FILL = "D9E2F3"
TABLE_TEXT_HALF_POINTS = 19  # 9.5 pt, made smaller (down to 8 pt) where words would not fit
SMALLEST_TABLE_HALF_POINTS = 16
# The Table Grid style's cell margins (108 twips left and right), and some air, so that a word
# measured to fit does fit in Word and LibreOffice alike.
CELL_MARGINS_TWIPS = 2 * 108
CELL_SLACK_TWIPS = 40
TOC_STYLES = {1: "TOC1", 2: "TOC2", 3: "TOC3"}
KEEP_TOGETHER_ROWS = 12  # tables of up to this many rows are not split over two pages


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
            parts.append(f"<w:r>{properties}<w:br/></w:r>")  # the line's own size
        if line:
            parts.append(f"<w:r>{properties}{_t(line)}</w:r>")
    return "".join(parts)


def _paragraph(content="", style=None, keep_next=False):
    inner = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        "<w:keepNext/>" if keep_next else ""
    )
    properties = f"<w:pPr>{inner}</w:pPr>" if inner else ""
    if not (properties or content):
        return "<w:p/>"
    return f"<w:p>{properties}{content}</w:p>"


def _inline_picture(shape_id, rel_id, filename, cx, cy, alt_text, title):
    """The wp:inline of a picture as python-docx builds it (CT_Inline.new_pic_inline), with
    alt text (whole: what the picture shows) and a short title; wp and r are declared on the
    document element, a and pic here."""
    alt = _attribute(alt_text)
    title = _attribute(title)
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


def field_runs(instruction, placeholder, begin_attributes=""):
    """A complex field (begin, instruction, separate, cached result, end) that Word updates."""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"{begin_attributes}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{_t(placeholder)}</w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# Paragraph styles of the table of contents, which python-docx's template lacks: Word's own
# names ("toc 1") so that Word's TOC field uses them when it rebuilds the table.
_TOC_STYLE_XML = (
    '<w:style {ns} w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
    "<w:unhideWhenUsed/><w:pPr><w:tabs>"
    '<w:tab w:val="right" w:leader="dot" w:pos="{tab}"/></w:tabs>'
    '<w:spacing w:before="{before}" w:after="60"/><w:ind w:left="{indent}"/></w:pPr>{run}</w:style>'
)


def _extended_properties():
    """docProps/app.xml: the application that wrote the document and nothing it cannot know
    (no page, word or line counts: only Word's layout knows them)."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes"><Application>{escape(APPLICATION)} {APPLICATION_VERSION}</Application>'
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


def column_layout(headers, rows, bold_rows=(), hints=None):
    """(column widths in twips, text size in half points) of a table: every column at least as
    wide as its longest word at the documents' font (measured with the font's own metrics, bold
    where bold), the rest of the text width shared by how much text each column holds (or by
    the hints, in cm). Where the words do not fit at 9.5 pt the size goes down to 8 pt; only a
    word wider than the page at 8 pt breaks."""
    count = len(headers)
    measured = [fonts.text_em(h, True) for h in headers]
    word = [m[0] for m in measured]
    natural = [m[1] for m in measured]
    for row_index, values in enumerate(rows):
        bold = row_index in bold_rows
        for column, value in enumerate(values):
            longest, line = fonts.text_em(value, bold)
            if longest > word[column]:
                word[column] = longest
            if line > natural[column]:
                natural[column] = line
    padding = CELL_MARGINS_TWIPS + CELL_SLACK_TWIPS
    for half_points in range(TABLE_TEXT_HALF_POINTS, SMALLEST_TABLE_HALF_POINTS - 1, -1):
        twips_per_em = half_points * 10  # half points -> points (/2) -> twips (*20)
        need = [w * twips_per_em + padding for w in word]
        if sum(need) <= TEXT_WIDTH_TWIPS:
            break
    else:  # a word wider than the page: nothing helps, keep the proportions
        scale = TEXT_WIDTH_TWIPS / sum(need)
        return _whole([n * scale for n in need]), half_points
    if hints:
        want = [max(h * TWIPS_PER_CM, n) for h, n in zip(hints, need, strict=True)]
    else:
        want = [
            max(min(t * twips_per_em + padding, TEXT_WIDTH_TWIPS), n)
            for t, n in zip(natural, need, strict=True)
        ]
    if sum(want) <= TEXT_WIDTH_TWIPS:
        widths = [w * TEXT_WIDTH_TWIPS / sum(want) for w in want]
    else:
        spare = TEXT_WIDTH_TWIPS - sum(need)
        extra = [w - n for w, n in zip(want, need, strict=True)]
        total = sum(extra) or 1
        widths = [n + spare * e / total for n, e in zip(need, extra, strict=True)]
    return _whole(widths), half_points if count else TABLE_TEXT_HALF_POINTS


def _whole(widths):
    """Widths in whole twips, never rounded narrower than asked, the rest to the widest."""
    whole = [int(w + 0.999) for w in widths]
    overshoot = sum(whole) - TEXT_WIDTH_TWIPS
    if overshoot > 0 and whole:
        widest = whole.index(max(whole))
        whole[widest] -= overshoot
    return whole


class Writer:
    """Appends blocks to a new A4 Swedish document; bytes() gives the .docx."""

    def __init__(
        self, *, title, author, subject, category, keywords, now, footer_label, version=""
    ):
        self.document = Document()
        self._pending = []
        self._images = {}  # PNG bytes -> (relationship id, docx Image)
        self._headings = []  # (level, text, bookmark name)
        self._toc_at = None  # index in _pending of the table of contents, and its depth
        self._setup_page()
        self._set_language("sv-SE")
        self._set_fonts()
        self._add_toc_styles()
        self._update_fields_on_open()
        self._set_properties(
            title=title,
            author=author,
            subject=subject,
            category=category,
            keywords=keywords,
            now=now,
            version=version,
        )
        self._set_extended_properties()
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

    def _set_fonts(self):
        """Every style in the one font the tables are measured with, named outright rather than
        through the theme (whose fonts differ between Word versions)."""
        for element in self.document.styles.element.iter(qn("w:rFonts")):
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                element.attrib.pop(qn(attribute), None)
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                element.set(qn(attribute), fonts.FONT_NAME)

    def _add_toc_styles(self):
        styles = self.document.styles.element
        for level in TOC_STYLES:
            styles.append(
                parse_xml(
                    _TOC_STYLE_XML.format(
                        ns=nsdecls("w"),
                        level=level,
                        tab=TEXT_WIDTH_TWIPS,
                        before=120 if level == 1 else 0,
                        indent=(level - 1) * 284,
                        run="<w:rPr><w:b/></w:rPr>" if level == 1 else "",
                    )
                )
            )

    def _update_fields_on_open(self):
        """w:updateFields: Word offers to update the fields (the table of contents' page
        numbers) when the document is opened. Its place in w:settings is fixed by the schema:
        before w:hdrShapeDefaults, the footnote and endnote properties and w:compat."""
        settings = self.document.settings.element
        element = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
        for name in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat"):
            following = settings.find(qn(name))
            if following is not None:
                following.addprevious(element)
                return
        settings.append(element)

    def _set_properties(self, *, title, author, subject, category, keywords, now, version):
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
        properties.version = clean(version)[:255]
        moment = now.replace(tzinfo=None)  # python-docx writes naive datetimes as UTC
        properties.created = properties.modified = moment

    def _set_extended_properties(self):
        """The template's app.xml claims Microsoft Macintosh Word wrote a one-page, empty
        document: this app wrote it, and its length is Word's to count."""
        for part in self.document.part.package.parts:
            if part.partname == "/docProps/app.xml":
                part._blob = _extended_properties()

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

    def paragraph(self, text, style=None, bold=False, space_before=None):
        """space_before: extra space above, in twips (the cover page's title)."""
        content = _runs(clean(text), bold)
        if space_before is None:
            self._add(_paragraph(content, style))
            return
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        self._add(
            f'<w:p><w:pPr>{style_xml}<w:spacing w:before="{int(space_before)}"/></w:pPr>'
            f"{content}</w:p>"
        )

    def text(self, text, style=None, keep_next=False):
        """Blocks separated by blank lines become paragraphs; nothing for empty text.
        keep_next: on the page of what follows (a table's introduction)."""
        text = clean(text).strip()
        for block in text.split("\n\n") if text else ():
            if block.strip():
                self._add(_paragraph(_runs(block.strip("\n")), style, keep_next))

    def heading(self, text, level):
        """A heading, bookmarked so that the table of contents links to it."""
        text = clean(text).strip() or "–"
        level = min(max(level, 1), 3)
        number = len(self._headings) + 1
        name = f"_Toc{number:08d}"
        self._headings.append((level, " ".join(text.split()), name))
        self._add(
            f'<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>'
            f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{_runs(text)}'
            f'<w:bookmarkEnd w:id="{number}"/></w:p>'
        )

    @property
    def headings(self):
        """(level, text) of every heading written so far."""
        return [(level, text) for level, text, _name in self._headings]

    def fact(self, label, value, style=None):
        value = clean(value).strip()
        if value:
            self._add(_paragraph(_runs(f"{clean(label)}: ", bold=True) + _runs(value), style))

    def page_break(self):
        self._add('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def field(self, instruction, placeholder):
        self._add(_paragraph(field_runs(instruction, clean(placeholder))))

    def table_of_contents(self, depth=2):
        """A TOC field here whose result already holds the headings of the whole document
        (written when the document is complete), each linked to its heading's bookmark.

        LibreOffice shows a TOC field's result as it is written and updates no field on
        opening; Word rebuilds the table, with page numbers, when it updates the fields
        (w:updateFields asks it to on opening). Page numbers are known only to the one that
        lays out the pages, so the written entries hold none, and no dot leader pointing at
        an empty place: the table reads right before and after the update."""
        self._toc_at = (len(self._pending), min(max(depth, 1), 3))
        self._add("")

    def _toc_xml(self, depth):
        entries = [(lv, text, name) for lv, text, name in self._headings if lv <= depth]
        instruction = f'TOC \\o "1-{depth}" \\h \\z \\u'
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            return _paragraph(field_runs(instruction, ""))
        last = len(entries) - 1
        return "".join(
            f'<w:p><w:pPr><w:pStyle w:val="{TOC_STYLES[level]}"/></w:pPr>'
            f"{begin if index == 0 else ''}"
            f'<w:hyperlink w:anchor="{name}" w:history="1"><w:r>{_t(text)}</w:r></w:hyperlink>'
            f"{end if index == last else ''}</w:p>"
            for index, (level, text, name) in enumerate(entries)
        )

    def table(self, headers, rows, *, widths=None, fills=None, bold_rows=()):
        """A grid table whose first row repeats on every page; fills: {(row, column): hex}.
        Column widths come from the content (column_layout; widths, in cm, only hint at how
        to share what is left), written in w:tblGrid and in every cell's w:tcW with a fixed
        layout, since Word reads the one and LibreOffice the other."""
        fills = fills or {}
        headers = [clean(h) for h in headers]
        rows = [[clean(v) for v in values] for values in rows]
        twips, half_points = column_layout(headers, rows, bold_rows, widths)
        parts = [
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            "".join(f'<w:gridCol w:w="{w}"/>' for w in twips),
            "</w:tblGrid>",
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        ]
        # A short table stays on one page: every row but the last kept with the next.
        together = len(rows) <= KEEP_TOGETHER_ROWS
        for header, width in zip(headers, twips, strict=True):
            parts.append(_cell(header, width, HEADER_FILL, True, half_points, keep_next=True))
        parts.append("</w:tr>")
        for row_index, values in enumerate(rows):
            parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")  # a row stays on one page
            bold = row_index in bold_rows
            keep = together and row_index < len(rows) - 1
            for column, (value, width) in enumerate(zip(values, twips, strict=True)):
                fill = fills.get((row_index, column))
                parts.append(_cell(value, width, fill, bold, half_points, keep_next=keep))
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._add("".join(parts))
        self._add("<w:p/>")  # Word needs a paragraph between tables; it also gives air

    def picture(self, png, alt_text, width_cm=TEXT_WIDTH_CM, title=None):
        """The picture in a paragraph of its own, with its whole alt text, then its caption
        (the title; the alt text where no title is given)."""
        rel_id, image = self._image(png)
        width, height = image.scaled_dimensions(Cm(width_cm), None)
        caption = clean(title or alt_text)
        inline = _inline_picture(
            self._next_shape_id, rel_id, image.filename, width, height, clean(alt_text), caption
        )
        self._next_shape_id += 1
        self._add(  # kept with its caption
            f"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing>{inline}</w:drawing></w:r></w:p>"
        )
        self.paragraph(caption, style="Caption")

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
        if self._toc_at is not None:
            index, depth = self._toc_at
            self._pending[index] = self._toc_xml(depth)
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


def _cell(text, width, fill=None, bold=False, half_points=TABLE_TEXT_HALF_POINTS, keep_next=False):
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill={quoteattr(fill)}/>' if fill else ""
    paragraphs = "".join(
        _paragraph(_runs(block, bold, half_points), keep_next=keep_next)
        for block in text.split("\n\n")
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{paragraphs}</w:tc>'
