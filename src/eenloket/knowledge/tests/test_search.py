"""The search engine on its own: no database, a handful of documents."""

from eenloket.knowledge.search import Document, Filters, SearchEngine

DOCS = [
    Document(
        1,
        "aow",
        "AOW aanvragen",
        "svb",
        ("svb.aow",),
        "public",
        "De AOW is het pensioen van de overheid.",
        "U krijgt AOW vanaf uw AOW-leeftijd.",
        ("ouderdomspensioen",),
    ),
    Document(
        2,
        "ww",
        "WW-uitkering aanvragen",
        "uwv",
        ("uwv.ww",),
        "public",
        "Werkloos geworden? Vraag een WW-uitkering aan.",
        "U bent ontslagen en zoekt werk.",
        ("werkloosheidswet",),
    ),
    Document(
        3,
        "boete",
        "Verkeersboete betalen",
        "cjib",
        ("cjib.verkeersboete",),
        "public",
        "Een boete voor te hard rijden betaalt u aan het CJIB.",
        "Betaal op tijd.",
        (),
    ),
    Document(
        4,
        "intern",
        "Professionallijn UWV",
        "uwv",
        ("uwv.ww",),
        "staff",
        "Zo bereikt u de professionallijn.",
        "Alleen voor medewerkers.",
        (),
    ),
    Document(
        5,
        "huur",
        "Huurtoeslag aanvragen",
        "toeslagen",
        ("toeslagen.huurtoeslag",),
        "public",
        "Huurtoeslag is een bijdrage in de huur.",
        "Vraag het aan.",
        (),
    ),
]
SYNONYMS = {"pensioen van de staat": ["aow"], "flitspaal": ["verkeersboete"]}


def slugs(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.document.slug for h in hits]


def engine() -> SearchEngine:
    return SearchEngine(DOCS, synonyms=SYNONYMS)


def test_stemming_finds_other_word_forms() -> None:
    assert slugs(engine().search("uitkeringen"))[0] == "ww"


def test_synonyms_find_the_official_word() -> None:
    assert slugs(engine().search("pensioen van de staat"))[0] == "aow"
    assert slugs(engine().search("geflitst door een flitspaal"))[0] == "boete"


def test_spelling_mistakes_are_corrected() -> None:
    assert slugs(engine().search("huurtoeslach"))[0] == "huur"


def test_unfinished_last_word_matches_while_typing() -> None:
    assert slugs(engine().search("huurt", partial=True))[0] == "huur"
    assert engine().search("huurt") == [] or slugs(engine().search("huurt"))[0] == "huur"


def test_filters_by_audience_and_organisation() -> None:
    public = Filters(audiences=frozenset({"public"}))
    assert "intern" not in slugs(engine().search("professionallijn uwv", filters=public))
    assert "intern" in slugs(engine().search("professionallijn uwv"))
    assert slugs(engine().search("aanvragen", filters=Filters(organisation="svb"))) == ["aow"]
    assert slugs(engine().search("aanvragen", filters=Filters(topic="uwv.ww"))) == ["ww"]


def test_topic_hints_lift_articles_about_those_topics() -> None:
    plain = slugs(engine().search("aanvragen"))
    hinted = slugs(engine().search("aanvragen", topic_hints=["toeslagen.huurtoeslag"]))
    assert hinted[0] == "huur"
    assert plain != hinted or plain[0] == "huur"


def test_snippet_marks_the_query_words() -> None:
    hit = engine().search("ontslagen werk")[0]
    marked = [text for text, is_marked in hit.snippet if is_marked]
    assert "ontslagen" in marked
    assert "".join(text for text, _ in hit.snippet).startswith("U bent ontslagen")


def test_nothing_relevant_gives_no_results() -> None:
    assert engine().search("xylofoon") == []
    assert engine().search("   ") == []
