"""Emoji become Twemoji SVG images, with the emoji itself as alt text."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.emoji import emoji_file, find_emoji, twemoji_name
from tests.conftest import write_course
from tests.test_golden import slides_html


@pytest.mark.parametrize("char, name", [
    ("⚙️", "2699"),  # variation selector dropped
    ("✅", "2705"),
    ("🏗️", "1f3d7"),
    ("1️⃣", "31-20e3"),  # keycap
    ("🇫🇷", "1f1eb-1f1f7"),  # flag
    ("👩‍💻", "1f469-200d-1f4bb"),  # ZWJ sequence
    ("🏳️‍🌈", "1f3f3-fe0f-200d-1f308"),  # ZWJ keeps its FE0F
    ("👍🏽", "1f44d-1f3fd"),  # skin tone modifier
])
def test_every_kind_of_emoji_has_its_svg(char: str, name: str) -> None:
    assert [m.emoji for m in find_emoji(f"a {char} b")] == [char]
    assert twemoji_name(char) == name
    path = emoji_file(char)
    assert path is not None and path.name == f"{name}.svg"
    assert path.read_text(encoding="utf-8").lstrip().startswith("<svg")


@pytest.mark.parametrize("markdown, where", [
    ("## 🐳 Titre\n", "<h2>"),
    ("- 🔷 item\n", "<li>"),
    ("| a |\n|---|\n| 🔶 b |\n", "<td>"),
    ("[[autre|⚡ label]]\n", 'class="wikilink"'),
    ("[⚡ lien](https://example.org)\n", 'class="external"'),
])
def test_emoji_become_images_everywhere(tmp_path: Path, markdown: str, where: str) -> None:
    course = write_course(tmp_path, {"c": "# T\n\n## S\n\n" + markdown, "autre": "# A\n"})
    html = slides_html(course, "c")
    assert where in html
    images = html.split('<img class="emoji"')[1:]
    assert images, html
    for image in images:
        assert 'alt="' in image and 'src="assets/emoji/' in image
    for char in ("🐳", "🔷", "🔶", "⚡"):
        if char in markdown:
            assert f'alt="{char}"' in html


@pytest.mark.parametrize("text, found", [
    ("© ® ™ ↔ ▶ 42", []),  # text presentation by default
    ("©️ ▶️", ["©️", "▶️"]),  # ... unless asked for with U+FE0F
    ("⚡ ✅ ⭐ ❌", ["⚡", "✅", "⭐", "❌"]),  # emoji presentation by default
])
def test_text_symbols_stay_text(text: str, found: list[str]) -> None:
    assert [m.emoji for m in find_emoji(text)] == found


def test_text_without_emoji_is_untouched(tmp_path: Path) -> None:
    course = write_course(tmp_path, {"c": "# T\n\nPlain © text → 42 #1\n"})
    html = slides_html(course, "c")
    assert "emoji" not in html
    assert "Plain © text → 42 #1" in html


@pytest.mark.parametrize("text", [
    "plain ASCII # * 1", "accents é à ç, quotes ’ « » — and…", "keycap 1\ufe0f\u20e3 here",
    "©\ufe0f and ®", "text\ufe0e selector", "a\ufe0fb ", "🐳 whale", "👩\u200d💻 at work",
])
def test_the_emoji_prefilter_finds_what_the_package_finds(text: str) -> None:
    """``may_hold_emoji`` spares the package's tokenizer most text: with or without it, the same
    emoji are found and the same text is left once they are stripped."""
    import emoji

    from coursebuild.emoji import is_emoji_presentation, strip_emoji

    expected = [m["emoji"] for m in emoji.emoji_list(text) if is_emoji_presentation(m["emoji"])]
    assert [m.emoji for m in find_emoji(text)] == expected
    assert strip_emoji(text) == emoji.replace_emoji(text, "").replace("\ufe0f", "").strip()


def test_the_first_check_lets_through_every_character_an_emoji_starts_with() -> None:
    """``may_hold_emoji`` first looks, without the package's tables, for a character at or above
    FIRST_STARTER or one of LOW_STARTERS: a newer emoji package starting an emoji lower must
    make this fail, not lose the emoji."""
    import emoji

    from coursebuild.emoji import FIRST_STARTER, LOW_STARTERS

    starters = {key[0] for key in emoji.EMOJI_DATA if not key[0].isascii()}
    assert {char for char in starters if char < FIRST_STARTER} <= set(LOW_STARTERS)
