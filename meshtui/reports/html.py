"""The HTML renderer: one self-contained page, for mail, a wiki or printing to PDF.

The blocks in their order (the verdict first), the radar as inline SVG, and
a style sheet inside the page with print rules that fit both A4 and Letter.
No scripts and no external URL of any kind (fonts, style sheets, images):
the only URL in the page is the SVG namespace. All text is escaped; text
from users and files keeps its line breaks and shows control characters as
``\\xNN``.
"""

from __future__ import annotations

from meshtui.reports.document import (
    Block,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Radar,
    Table,
    Verdict,
)
from meshtui.reports.svg import radar_description, radar_svg, xml_text

_TAGS = {
    "strong": ("<strong>", "</strong>"),
    "warning": ('<strong class="warning">', "</strong>"),
    "attention": ('<strong class="attention">', "</strong>"),
    "good": ('<span class="good">', "</span>"),
    "muted": ('<span class="muted">', "</span>"),
    "emphasis": ("<em>", "</em>"),
    "literal": ('<span class="literal">', "</span>"),
    "credit": ('<cite class="credit">', "</cite>"),
}

STYLE = """
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif;
  color: #000; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #999; }
ul.facts { list-style: none; padding: 0; }
.verdict { border: 2px solid #000; padding: .6rem 1rem; margin: 1rem 0; }
.verdict h2 { border: none; margin-top: .2rem; }
.verdict.ready h2::before { content: "\\2714\\00a0"; }
.verdict.not-yet h2::before, .verdict.incomplete h2::before { content: "\\25B2\\00a0"; }
blockquote { border-left: 4px solid #999; margin: .5rem 0; padding: .1rem .8rem;
  color: #333; }
p.note { color: #444; font-size: .92rem; }
p.preface { color: #333; }
cite.credit { color: #555; font-size: .88rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #eee; }
td.number, th.number, td.rating, th.rating { text-align: right; }
td.letter { color: #555; }
.literal { white-space: pre-wrap; overflow-wrap: break-word; }
td.note .literal, li .literal { overflow-wrap: anywhere; }
.warning { color: #a00; }
.attention { text-decoration: underline; }
.good { color: #060; }
.muted { color: #555; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, li, .verdict, figure { break-inside: avoid; }
  figure svg { width: 150mm; max-height: 170mm; }
  .warning, .good { color: #000; }
}
"""


def inline_html(inline: Inline) -> str:
    out = []
    for span in inline:
        text = xml_text(span.text)
        opening, closing = _TAGS.get(span.role, ("", ""))
        out.append(f"{opening}{text}{closing}")
    return "".join(out)


def _table(table: Table) -> list[str]:
    head = "".join(
        f'<th class="{column.kind}" scope="col">{inline_html(column.title)}</th>'
        for column in table.columns
    )
    rows = []
    for row in table.rows:
        cells = []
        for column, cell in zip(table.columns, row, strict=True):
            tag = "th" if column.kind == "name" else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f'<{tag} class="{column.kind}"{scope}>{inline_html(cell)}</{tag}>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody></table>"]


def _verdict(verdict: Verdict) -> list[str]:
    out = [f'<section class="verdict {verdict.status}" aria-label="Verdict">']
    if verdict.intro:
        out.append(f'<p class="note">{xml_text(verdict.intro)}</p>')
    out.append(f"<h2>Verdict: {xml_text(verdict.title)}</h2>")
    out.append(f"<p>{inline_html(verdict.lead)}</p>")
    if verdict.next_steps:
        out += ["<ul>", *(f"<li>{inline_html(step)}</li>" for step in verdict.next_steps), "</ul>"]
    return [*out, "</section>"]


def block_html(block: Block, *, facts: bool = False) -> list[str]:
    if isinstance(block, Heading):
        level = min(block.level, 6)
        return [f"<h{level}>{inline_html(block.text)}</h{level}>"]
    if isinstance(block, Paragraph):
        if block.kind == "quote":
            return [f"<blockquote><p>{inline_html(block.text)}</p></blockquote>"]
        css = f' class="{block.kind}"' if block.kind in ("note", "preface") else ""
        return [f"<p{css}>{inline_html(block.text)}</p>"]
    if isinstance(block, ListBlock):
        css = ' class="facts"' if facts else ""
        return [f"<ul{css}>", *(f"<li>{inline_html(item)}</li>" for item in block.items), "</ul>"]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Radar):
        svg = radar_svg(block, standalone=False, description=radar_description(block))
        return ["<figure>", svg.rstrip("\n"), "</figure>"]
    return _verdict(block)


def render_html(document: Document) -> str:
    body: list[str] = []
    for index, block in enumerate(document.blocks):
        # The list right under the title is the report's facts: no bullets.
        after_title = index == 1 and isinstance(document.blocks[0], Heading)
        body += block_html(block, facts=after_title and isinstance(block, ListBlock))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="meshtui">',
            f"<title>{xml_text(document.title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )
