"""French typography and hyphenation on paper: the rules, the HTML they give, the PDFs read back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from coursebuild.config import load_course_config
from coursebuild.errors import ContentError
from coursebuild.html import Target, for_paper, render_blocks
from coursebuild.markdown import parser
from coursebuild.markdown.typography import (
    NBSP,
    NNBSP,
    code_names,
    french_spacing,
    guarded,
    word_guard,
)
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from tests.conftest import CHAPTERS, write_course
from tests.handout_checks import page_texts

N, F = NBSP, NNBSP


@pytest.mark.parametrize(("text", "expected"), [
    ("Question : oui", f"Question{N}: oui"),
    ("Pourquoi ? Parce que ! Ensuite ; fin", f"Pourquoi{F}? Parce que{F}! Ensuite{F}; fin"),
    ("« Bonjour »", f"«{N}Bonjour{N}»"),
    ("«Bonjour»", f"«{N}Bonjour{N}»"),  # added when missing, only inside « »
    ("≈ 3 min.", f"≈{N}3{N}min."),
    ("Container Runtimes - L'écosystème", f"Container Runtimes{N}- L'écosystème"),
    ("--root -v et a-b -c", "--root -v et a-b -c"),  # options and hyphenated words untouched
    ("10 Go, 2,5 Mo/s, 50 %, 100 ms", f"10{N}Go, 2,5{N}Mo/s, 50{N}%, 100{N}ms"),
    ("Vraiment ?!", f"Vraiment{F}?!"),
    # untouched: no space written before the sign, or the sign inside a word
    ("http://example.org", "http://example.org"),
    ("à 12:30", "à 12:30"),
    ("Foo::bar et ::", "Foo::bar et ::"),
    (r"C:\Windows", r"C:\Windows"),
    ("a?b", "a?b"),
    ("écoute sur :8080", "écoute sur :8080"),
    ("8080 ports, 3 chapitres", "8080 ports, 3 chapitres"),  # counted nouns are not units
    ("2 s'exécutent", "2 s'exécutent"),
])
def test_french_spacing(text: str, expected: str) -> None:
    assert french_spacing(text) == expected


def render(markdown: str, lang: str = "fr", paper: bool = False, names: tuple = ()) -> str:
    target = Target(chapter_href=str, file_src=str, emoji_src=str, lang=lang)
    if paper:
        target.keep_whole = frozenset(names)
    return render_blocks(parser().parse(markdown), target)


def test_code_urls_and_attributes_keep_their_spaces() -> None:
    html = render("Voir `a : b ?` et [« lien » :](https://x.org/?q=a%20:b) :\n\n"
                  "```sh\necho « x » : y ?\n```\n\n<https://x.org/a?b>")
    assert "<code>a : b ?</code>" in html
    assert "echo « x » : y ?" in re.sub(r"<[^>]+>", "", html).replace("&quot;", '"')
    assert 'href="https://x.org/?q=a%20:b"' in html
    assert f"«{N}lien{N}»{N}:" in html and f"</a>{N}:" in html
    assert ">https://x.org/a?b</a>" in html


def test_english_courses_are_left_as_written() -> None:
    assert render("Why ? Because : « this »", lang="en") == "<p>Why ? Because : « this »</p>\n"


def test_a_source_line_break_before_the_sign_is_no_break() -> None:
    html = render("Une question\n? Et une liste\n: la voici, «\ncitée\n» ici")
    assert f"question{F}? Et une liste{N}: la voici, «{N}citée{N}» ici" in html


@pytest.mark.parametrize(("word", "guard"), [
    ("Kubernetes", "word"), ("CRI-O", "whole"), ("--root", "whole"),
    ("--container-runtime-endpoint", "whole"), ("kubernetes/cri-api", "whole"),
    ("io.containerd.runc.v2", "word"), ("containerd", "word"), ("namespaces", "word"),
    ("loopback", "word"), ("Здравствуйте", "word"), ("Docker", ""),  # 6 letters: never cut
    ("fichier", ""), ("peut-être", ""), ("configuration", ""),
])
def test_which_words_are_kept_from_hyphenation(word: str, guard: str) -> None:
    assert word_guard(word, frozenset({"containerd", "namespace"})) == guard


def test_code_names_leave_comments_out() -> None:
    tokens = parser().parse("Lancer `kubelet --config`.\n\n```bash\n# Redémarrer proprement\n"
                            "systemctl restart containerd\n```\n")
    names = code_names(tokens)
    assert {"kubelet", "config", "systemctl", "containerd"} <= names
    assert "proprement" not in names and "redémarrer" not in names


def test_on_paper_names_are_wrapped_and_code_spans_sized() -> None:
    html = render("Le kubelet parle à CRI-O, dit « Flag has been deprecated, use the config "
                  "file » et `crictl ps`, `" + "x" * 30 + "`, `" + "y" * 80 + "`.",
                  paper=True, names=("kubelet",))
    assert '<span class="nohyphen">kubelet</span>' in html
    assert '<span class="nohyphen whole">CRI-O</span>' in html
    assert re.search(r'<span class="nohyphen" lang="en">«[^<]*Flag', html)
    assert '<code class="span">crictl ps</code>' in html
    assert '<code class="span long">' + "x" * 30 in html
    assert '<code class="span longer">' + "y" * 80 in html
    # on screen nothing is wrapped: the deck never hyphenates
    assert "nohyphen" not in render("Le kubelet parle à CRI-O.")


def test_the_exception_list_is_a_checked_course_key(tmp_path: Path) -> None:
    path = tmp_path / "course.yaml"
    path.write_text("title: T\nhandouts:\n  no_hyphenation: [Frobnicator, krun]\n", "utf-8")
    assert load_course_config(path).handouts.no_hyphenation == ("Frobnicator", "krun")
    path.write_text("title: T\nhandouts:\n  no_hyphenaton: [krun]\n", "utf-8")
    with pytest.raises(ContentError, match="did you mean 'no_hyphenation'"):
        load_course_config(path)


def test_for_paper_gathers_code_names_and_the_list(tmp_path: Path) -> None:
    course_dir = write_course(tmp_path / "c", {"01-a": "# A\n\n### S\n\nTexte `containerd`.\n"},
                              "title: T\nlang: fr\nhandouts:\n  no_hyphenation: [Gourmand]\n")
    course, _ = prepare(BuildOptions(course_dir, tmp_path / "out"))
    target = for_paper(Target(str, str, str), course.chapters,
                       course.config.handouts.no_hyphenation)
    assert {"containerd", "gourmand"} <= (target.keep_whole or set())


# --- PDFs read back --------------------------------------------------------------------------

SENTENCES = [f"Le {'très ' * (i % 7)}petit conteneur numéro {i} démarre-t-il vite ? Oui : "
             f"« réponse {i} » ; ≈ {i} min !" for i in range(60)]
NAMES = " ".join(f"{'mot ' * (i % 9)}Kubernetes, containerd, kubelet, CRI-O et --root-directory"
                 for i in range(30))


# Narrow cells, long French words: hyphenated for sure.
TABLE = ("\n\n| a | b | c | d | e |\n|---|---|---|---|---|\n"
         + "| anticonstitutionnellement institutionnalisation " * 5 + "|\n")


def pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def bad_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line[0] in ":;!?»" or line.endswith("«")]


@pytest.fixture(scope="module")
def french_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same chapter, in French and (the control) in English."""
    built = {}
    for lang in ("fr", "en"):
        root = tmp_path_factory.mktemp(f"typo-{lang}")
        chapter = ("# Typographie\n\n### Ponctuation\n\n" + "\n".join(SENTENCES) + TABLE
                   + "\n\n### Noms\n\nLancer `containerd` et `kubelet`.\n\n" + NAMES + "\n")
        course_dir = write_course(root / "c", {"01-typo": chapter},
                                  f"title: T\nlang: {lang}\nhandouts:\n  kinds: [reading]\n")
        result = build_handouts(BuildOptions(course_dir, root / "out", jobs=1))
        assert result.ok, [str(d) for d in result.diagnostics.items]
        built[lang] = root / "out" / "handouts" / "01-typo.pdf"
    return built


def test_no_line_starts_with_a_french_sign(french_pdfs: dict[str, Path]) -> None:
    assert bad_lines(pdf_lines(french_pdfs["en"])), "the control breaks before a sign"
    assert bad_lines(pdf_lines(french_pdfs["fr"])) == []


def test_hyphenated_words_are_found_whole(french_pdfs: dict[str, Path]) -> None:
    """The hyphen is the font's own "-" (no U+2010 from a fallback font): text extraction
    (poppler here, as in readers' copy and search) rejoins the word."""
    laid_out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(french_pdfs["fr"]),
                               "-"], check=True, capture_output=True, text=True).stdout
    assert re.search(r"anticonstitutionnel-\s", laid_out), "the table's words are hyphenated"
    lines = pdf_lines(french_pdfs["fr"])
    assert "anticonstitutionnellement institutionnalisation" in lines
    assert not any("\u2010" in line for line in lines)


def test_names_and_options_are_never_split(french_pdfs: dict[str, Path]) -> None:
    lines = pdf_lines(french_pdfs["fr"])
    split = [line for line in lines
             if re.search(r"(?:^|\s)(Ku|Kuber|contai|kube|CRI|--|root)[-\u2010]$", line)]
    assert split == []


@pytest.mark.course
def test_shipped_course_has_no_line_starting_with_a_french_sign(tmp_path: Path) -> None:
    out, course_dir = tmp_path / "out", tmp_path / "course"
    shutil.copytree(CHAPTERS, course_dir)
    config = yaml.safe_load((course_dir / "course.yaml").read_text("utf-8"))
    # the book holds every chapter, set in the reading handouts' column: one PDF to lay out
    config.setdefault("handouts", {})["kinds"] = ["course"]
    (course_dir / "course.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = build_handouts(BuildOptions(course_dir, out, jobs=2))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    for pdf in sorted((out / "handouts").glob("*.pdf")):
        lines = pdf_lines(pdf)
        assert bad_lines(lines) == [], pdf.name
        products = r"(?:^|\s)(Ku|Kuber|contai|kube|Do|CRI|--)[-\u2010]$"  # not in URLs
        assert [line for line in lines if re.search(products, line)] == [], pdf.name


# --- page breaks -----------------------------------------------------------------------------

def _break_chapter() -> str:
    """Steps of growing length, each a heading, a line introducing a code block, the block:
    over several pages, some of them reach a page's foot."""
    steps = []
    for i in range(24):
        filler = " ".join(["Le conteneur démarre, puis il s'arrête."] * (i % 6 + 1))
        steps.append(f"### Étape {i}\n\n{filler}\n\nLa commande de l'étape {i} :\n\n"
                     f"```sh\nctr run --rm image-{i} tache-{i}\nctr task ls\n```\n")
    return "# Coupures\n\n" + "\n".join(steps)


def test_headings_and_introductions_stay_with_what_follows(tmp_path: Path) -> None:
    course_dir = write_course(tmp_path / "c", {"01-coupures": _break_chapter()},
                              "title: T\nlang: fr\nhandouts:\n  kinds: [reading]\n")
    result = build_handouts(BuildOptions(course_dir, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8",
                           str(tmp_path / "out" / "handouts" / "01-coupures.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    pages = [page[1:-1] for page in pages if len(page) > 2]  # without header and footer
    assert len(pages) > 2
    for page in pages[:-1]:
        last = page[-1]
        assert not last.startswith("Étape") and not last.rstrip().endswith(":"), last


def test_blank_left_hand_pages_are_bare(tmp_path: Path) -> None:
    chapters = {f"0{i}-c{i}": f"# Chapitre {i}\n\n### Texte\n\nUne page.\n" for i in range(1, 4)}
    course_dir = write_course(tmp_path / "c", chapters,
                              "title: Livre\nlang: fr\nhandouts:\n  kinds: [course]\n")
    result = build_handouts(BuildOptions(course_dir, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    pages = page_texts(tmp_path / "out" / "handouts" / "course.pdf")
    starts = [n for n, text in enumerate(pages, 1) if "Une page." in text]
    assert all(n % 2 == 1 for n in starts)  # each chapter on a right-hand page
    blanks = [n for n in range(starts[0], starts[-1]) if n not in starts]
    assert blanks, "a one-page chapter leaves the next left-hand page blank"
    assert [pages[n - 1].strip() for n in blanks] == [""] * len(blanks)


def test_the_index_handout_says_its_title_once(tmp_path: Path) -> None:
    course_dir = write_course(tmp_path / "c", {
        "00-index": "# ⚙️ Le cours complet\n\n### Chapitres\n\n- [[01-a|Premier]]\n",
        "01-a": "# Premier\n\n### Texte\n\nUn texte.\n"},
        "title: Le cours complet\nlang: fr\nindex: 00-index\nhandouts:\n  kinds: [reading]\n")
    result = build_handouts(BuildOptions(course_dir, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    index_pdf = tmp_path / "out" / "handouts" / "00-index.pdf"
    assert PdfReader(index_pdf).metadata.title == "Le cours complet"
    first = page_texts(index_pdf)[0]
    assert first.count("Le cours complet") == 2  # the running header and the heading
    assert "LE COURS COMPLET" not in first  # no course line above the heading
    chapter_pdf = tmp_path / "out" / "handouts" / "01-a.pdf"
    assert PdfReader(chapter_pdf).metadata.title == "Premier · Le cours complet"
    assert "LE COURS COMPLET" in page_texts(chapter_pdf)[0]  # a chapter keeps its course line


# --- nothing is lost ---------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Kz-/.:;!?«»\u00a0\u202f12%≈\n'")), max_size=60))
def test_spacing_and_guards_change_no_letter(text: str) -> None:
    spaced = french_spacing(text)
    assert re.sub(r"[\s\u00a0\u202f]", "", spaced) == re.sub(r"[\s\u00a0\u202f]", "", text)
    pieces = guarded(spaced, frozenset({"abab"}))
    assert "".join(piece.text for piece in pieces) == spaced
