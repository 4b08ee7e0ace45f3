"""Terms that survive paraphrase, for matching a reader's question to a sentence.

A question rarely uses the article's words: "When was the embassy closed?" against
"suspended operations at its embassy", "What did he die of?" against "cause of death".
Each word is reduced to one concept key in four steps, applied alike to the question
and to the sentences:

1. irregular forms to their verb ("led" -> "lead", "rose" -> "rise", "fell" -> "fall");
2. the shared inflection stemmer (``newsdesk.text.stemming``);
3. nominalisations to their verb (a table for "-sion" nouns and "death", and suffix
   rules for "-ation", "-ment", "-ure", "-al": "closure" -> "clos", "approval" -> "approv");
4. a small table of news synonyms ("close" ~ "shut" ~ "suspend", "promise" ~ "pledge",
   "jobless" ~ "unemployment"), each group keyed by its first word.

The table is short on purpose: a wrong synonym makes an answer out of an unrelated
sentence, and the honest "the article does not say" is worth more than a guess.
Words of the table are kept even when they are stop words ("went", "last").
"""

from __future__ import annotations

import functools

from newsdesk.text.stemming import stem
from newsdesk.text.stopwords import stopwords
from newsdesk.text.tokens import word_tokens

# Irregular past forms and nouns whose verb a suffix rule cannot find.
_TO_VERB = {
    "led": "lead",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "began": "begin",
    "begun": "begin",
    "went": "go",
    "gone": "go",
    "paid": "pay",
    "told": "tell",
    "spoke": "speak",
    "spoken": "speak",
    "met": "meet",
    "left": "leave",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "won": "win",
    "lost": "lose",
    "loss": "lose",
    "sought": "seek",
    "brought": "bring",
    "fought": "fight",
    "held": "hold",
    "struck": "strike",
    "sent": "send",
    "spent": "spend",
    "grew": "grow",
    "grown": "grow",
    "growth": "grow",
    "kept": "keep",
    "built": "build",
    "sold": "sell",
    "sale": "sell",
    "sales": "sell",
    "bought": "buy",
    "found": "find",
    "fled": "flee",
    "wrote": "write",
    "written": "write",
    "broke": "break",
    "broken": "break",
    "chose": "choose",
    "chosen": "choose",
    "choice": "choose",
    "froze": "freeze",
    "frozen": "freeze",
    "death": "die",
    "deaths": "die",
    "dead": "die",
    "died": "die",
    "dying": "die",
    "birth": "born",
    "proof": "prove",
    "response": "respond",
    "defence": "defend",
    "defense": "defend",
    "success": "succeed",
    "decision": "decide",
    "suspension": "suspend",
    "expansion": "expand",
    "extension": "extend",
    "explosion": "explode",
    "invasion": "invade",
    "conclusion": "conclude",
    "permission": "permit",
    "admission": "admit",
    "submission": "submit",
    "inclusion": "include",
    "exclusion": "exclude",
    "division": "divide",
    "revision": "revise",
    "provision": "provide",
    "collision": "collide",
    "banned": "ban",
    "barred": "bar",
    "shut": "close",
}

# Groups of words that say the same thing in news copy; the first word names the group.
_SYNONYMS = (
    "close shut suspend closure halt",
    "die kill fatal",
    "start begin effect launch",
    "promise pledge vow commit",
    "rise increase jump climb grow surge",
    "fall drop decline decrease plunge slump",
    "ban bar prohibit outlaw illegal forbid",
    "lead head",
    "unemployment jobless unemployed",
    "soldier troop",
    "american citizen",
    "leave exit depart withdraw",
    "remain stay stranded",
    "eat dine dining restaurant",
    "apply application file filing",
    "visit trip travel go tour",
    "earn pay wage salary",
    "want seek request urge",
    "relief aid assistance",
    "law bill legislation",
    "arrest detain",
    "elect election",
    "resign quit",
    "attack hack assault",
    "release free",
    "talk negotiate negotiation",
    "remark comment statement",
    "journalist reporter",
    "authorize approve",
    "demolish demolition",
    "vaccine shot jab dose vaccination",
)

_MIN_ROOT = 4  # a suffix rule never leaves less than this


def _derive(term: str) -> str:
    """Strip one nominalising suffix from an inflection-stemmed term."""
    for suffix, keep in (("ization", "iz"), ("ation", ""), ("ment", ""), ("ure", "")):
        if term.endswith(suffix) and len(term) - len(suffix) >= _MIN_ROOT:
            term = term[: -len(suffix)] + keep
            break
    else:
        if term.endswith(("val", "wal", "sal")) and len(term) >= 7:
            term = term[:-2]
        elif term.endswith("tion") and len(term) - 3 >= _MIN_ROOT:
            term = term[:-3]  # "election" -> "elect"
    if term.endswith("at") and len(term) >= 8:
        term = term[:-2]  # "investigat(ed)" meets "investig(ation)"
    if term.endswith("e") and len(term) > 3:
        term = term[:-1]  # "agreement" -> "agree" -> "agre", as stem("agreed")
    return term


def _key(word: str) -> str:
    return _derive(stem(_TO_VERB.get(word, word)))


@functools.cache
def _groups() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _SYNONYMS:
        words = line.split()
        for word in words:
            out.setdefault(_key(word), _key(words[0]))
    return out


@functools.cache
def _kept() -> frozenset[str]:
    """Stop words that carry meaning here ("went", "last"): the table's own words."""
    return frozenset({w for line in _SYNONYMS for w in line.split()} | {"last", "went"})


def concept(word: str) -> str:
    """The concept key of one lower-case word ("warner's" is "warner")."""
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    key = _key(word)
    return _groups().get(key, key)


def concept_terms(text: str) -> list[str]:
    """Concept keys of ``text`` in order, without stop words and bare numbers."""
    stop = stopwords("en")
    kept = _kept()
    return [
        concept(tok)
        for tok in word_tokens(text)
        if not tok.isdigit() and (tok not in stop or tok in kept)
    ]
