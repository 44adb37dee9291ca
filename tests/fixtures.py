"""Real files for tests, generated with real libraries (reportlab, pypdf, python-docx)."""

from __future__ import annotations

from pathlib import Path

HEADER = "Gemeente Voorbeeldstad - Beleidsnotitie cliëntondersteuning"


def _page_with_lines(c, lines: list[str], page_no: int, with_running: bool = True) -> None:
    if with_running:
        c.setFont("Helvetica", 9)
        c.drawString(72, 810, HEADER)
        c.drawString(72, 30, f"Pagina {page_no} van 3")
    c.setFont("Helvetica", 11)
    y = 760
    for line in lines:
        if line:
            c.drawString(72, y, line)
        y -= 16 if line else 24


def make_report_pdf(path: Path) -> Path:
    """Three pages: running header/footer, a word hyphenated across a line
    end, an elision hyphen ("zorg- en") that must stay, and an image-only page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Beleidsnotitie cliëntondersteuning Voorbeeldstad")
    _page_with_lines(
        c,
        [
            "Stap 1: Aanmelden bij de gemeente",
            "",
            "Inwoners kunnen zich aanmelden voor onafhankelijke cliënt-",
            "ondersteuning via het Wmo-loket van de gemeente. De gemeente",
            "neemt binnen vijf werkdagen contact op met de aanvrager.",
            "",
            "Stap 2: Het keukentafelgesprek",
            "",
            "Tijdens het gesprek bespreekt de cliëntondersteuner de zorg- en",
            "ondersteuningsvraag van de inwoner. Het gesprek vindt bij voorkeur",
            "thuis plaats en duurt ongeveer een uur.",
        ],
        1,
    )
    c.showPage()
    _page_with_lines(
        c,
        [
            "Stap 3: Het ondersteuningsplan",
            "",
            "Na het gesprek stelt de cliëntondersteuner samen met de inwoner een",
            "plan op. Het plan beschrijft welke hulp nodig is en wie die levert.",
            "De inwoner ontvangt het plan binnen twee weken na het gesprek.",
        ],
        2,
    )
    c.showPage()
    # Page 3: graphics only, no text layer at all (as a scanned page would be).
    c.setFillColorRGB(0.2, 0.4, 0.6)
    c.rect(72, 400, 400, 300, fill=1)
    c.showPage()
    c.save()
    return path


def make_simple_pdf(path: Path, paragraphs: list[str], title: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    if title:
        story += [Paragraph(title, styles["Heading1"]), Spacer(1, 12)]
    for p in paragraphs:
        story += [Paragraph(p, styles["BodyText"]), Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=A4, title=title or "").build(story)
    return path


def make_encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password="geheim", owner_password="eigenaar", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_corrupt_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3] + b"\x00garbage\x00" * 50)
    return path


def make_image_only_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.rect(100, 100, 300, 300, fill=1)
        c.showPage()
    c.save()
    return path


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Werkinstructie cliëntondersteuning"
    d.add_heading("Werkinstructie cliëntondersteuning", level=1)
    d.add_paragraph("Deze werkinstructie beschrijft hoe de toegang tot cliëntondersteuning is geregeld.")
    d.add_heading("Wie mag ondersteunen?", level=2)
    d.add_paragraph("Zowel vrijwilligers als professionals mogen cliëntondersteuning bieden, mits onafhankelijk.")
    d.add_paragraph("Vrijwilligers krijgen een training van drie dagdelen.", style="List Bullet")
    d.add_paragraph("Professionals hebben een hbo-opleiding.", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Telefoon"
    table.cell(0, 1).text = "14 020"
    table.cell(1, 0).text = "Openingstijden"
    table.cell(1, 1).text = "werkdagen 9-17 uur"
    d.save(str(path))
    return path


HTML_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Cliëntondersteuning | Gemeente</title>
<style>body{color:red}</style><script>var tracking = "geen tekst";</script></head>
<body><header><nav><a href="/">Home</a><a href="/wmo">Wmo</a></nav></header>
<main><h1>Onafhankelijke cliëntondersteuning</h1>
<p>Iedere inwoner heeft recht op gratis <b>onafhankelijke</b> cliëntondersteuning.</p>
<h2>Hoe vraag ik het aan?</h2><ul><li>Bel het Wmo-loket.</li><li>Of mail naar het wijkteam.</li></ul>
</main><footer>Cookiebeleid en privacyverklaring</footer></body></html>"""


def cp1252_text() -> bytes:
    return "Cliëntondersteuning voor ouderen\n\nDe cliëntondersteuner helpt bij één aanvraag – gratis.\n".encode(
        "cp1252"
    )

