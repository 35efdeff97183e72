"""Whose words are on screen: the book's view and meshtui's guide are labeled apart.

What a user reads in the app, checked against meshtui.content: the criterion
text puts the book's paraphrase and quotation under the book's heading and
meshtui's question, levels and questions under meshtui's; the home screen
shows the book's two framing questions when there are no sessions; the help
screen carries the introduction and the sources; the example says its answers
are invented.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType

from meshtui.app.widgets.criterion_text import criterion_text
from meshtui.content import (
    BOOK_HEADING,
    EXAMPLE_NOTICE,
    LEVELS_HEADING,
    QUESTIONS_HEADING,
    SOURCES,
    Content,
    flat,
    load_content,
)
from tests.app.conftest import SIZE, MakeApp, region_text, screen_text


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def shown_text(renderable: RenderableType) -> str:
    """What a renderable shows, on one line (wide enough that nothing wraps inside a word)."""
    console = Console(width=2000, file=io.StringIO(), record=True)
    console.print(renderable)
    return flat(console.export_text())


@pytest.mark.parametrize("index", range(8))
def test_criterion_text_labels_each_voice(content: Content, index: int) -> None:
    criterion = content.criteria[index]
    text = shown_text(criterion_text(criterion))
    levels = text.index(LEVELS_HEADING)
    book = text.index(BOOK_HEADING)
    questions = text.index(QUESTIONS_HEADING)
    # meshtui's guide first (it decides a score), under its own heading.
    for field in ("question", "low", "medium", "high"):
        assert levels < text.index(flat(getattr(criterion, field))) < book, field
    # The book's voice, and only the book's, between its heading and meshtui's questions.
    for field in ("explanation", "quote"):
        for paragraph in getattr(criterion, field).split("\n\n"):
            assert book < text.index(flat(paragraph)) < questions, field
    assert book < text.index(criterion.quote_source) < questions
    for question in criterion.questions:
        assert questions < text.index(flat(question))
    assert "Figure 15-1 criteria" not in text and "To discuss" not in text


async def test_home_shows_the_books_questions_when_there_are_no_sessions(
    make_app: MakeApp, content: Content
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        shown = region_text(app, "#start")
        assert "From the book" in shown
        assert "is data mesh the right choice for my organization?" in shown
        assert "is data mesh the right choice now?" in shown
        assert "No saved sessions yet" in shown


async def test_help_shows_the_introduction_and_the_sources(
    make_app: MakeApp, content: Content
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        body = flat(str(app.screen.query_one(".help-text").render()))
        assert flat(content.introduction) in body
        assert SOURCES in body
        assert "book's three anchors" not in body
        assert body.index(flat(content.rule)) < body.index(flat(content.mapping))


async def test_the_examples_banner_says_its_answers_are_invented(make_app: MakeApp) -> None:
    app = make_app(example=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert EXAMPLE_NOTICE in screen_text(app)
        assert "invented" in region_text(app, "#banner")
