"""A guess at the language a course is written in, for a course folder without ``course.yaml``.

Small and honest: every language has a few dozen function words (articles, pronouns,
prepositions, auxiliaries) that make up a large share of any prose and that code, names and
technical terms rarely are. The language whose function words are the largest share of the
chapters' words wins, when it wins clearly; anything else (too little text, two languages
close, a language not in the table) is English, and the build's warning says which language
it used and how to set it. The standard library only: no model, no data file."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

FALLBACK = "en"
MIN_HITS = 12  # function words needed before any guess: a heading alone decides nothing
MARGIN = 1.25  # the winner's share over the runner-up's
SAMPLE_CHARS = 16_384  # of each chapter: hundreds of words, a bounded cost

# Shared words (French and Spanish "de", Italian and Spanish "la"…) count for each language
# that has them; the words a language does not share decide.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in {
        "en": "the and of to is in that it for are was with as this be on not by or an "
              "which you can from have has will we they their these there what when",
        "fr": "le la les des et est une un du que qui dans pour sur pas au aux avec ce cette "
              "sont nous vous il elle ou mais ses leur comme être fait par plus",
        "de": "der die das und ist nicht ein eine zu den mit sich des auf für im dem auch es "
              "wird sind von werden oder wir sie bei nach aus wie",
        "es": "el los las del y que es en por con para una un se su lo como más pero sus al "
              "está son este esta también cuando",
        "it": "il di che è e la per un una sono con non del della gli le si da nel anche come "
              "dei delle alla questo questa più",
        "pt": "o os as do da dos das e que é em um uma para com não se por mais como ao "
              "são no na nos pelo pela também",
        "nl": "de het een en van is dat op te in zijn met voor niet er ook aan wordt door "
              "die deze bij naar worden",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(texts: Iterable[str]) -> str:
    """The BCP 47 code of the language of ``texts`` (the chapters), or ``en`` when unsure."""
    words = Counter(w for text in texts for w in _WORD.findall(text[:SAMPLE_CHARS].casefold()))
    hits = {lang: sum(words[w] for w in table) for lang, table in FUNCTION_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    (best, most), (_, second) = ranked[0], ranked[1]
    return best if most >= MIN_HITS and most >= MARGIN * second else FALLBACK
