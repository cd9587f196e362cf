"""The triage engine on its own: no database, rules as data."""

from eenloket.triage.engine import FollowUp, Rule, TriageEngine

RULES = [
    Rule(
        "baan_kwijt",
        "Baan kwijt",
        ("ontslagen", "baan kwijt", "lost my job"),
        unless=("nieuwe baan gevonden",),
        topics=("uwv.ww", "uwv.werkzoekend"),
        life_events=("baan_kwijt",),
        questions=("toeslagen",),
    ),
    Rule(
        "kwijtschelding_gemeente",
        "Kwijtschelding gemeente",
        ("kwijtschelding",),
        requires=("afvalstoffenheffing", "gemeentelijke belasting"),
        topics=("gemeente.kwijtschelding",),
    ),
    Rule(
        "kwijtschelding_rijk",
        "Kwijtschelding rijk",
        ("kwijtschelding",),
        requires=("motorrijtuigenbelasting",),
        topics=("belastingdienst.kwijtschelding",),
    ),
    Rule(
        "huurtoeslag",
        "Huurtoeslag",
        ("huurtoeslag", "rent benefit"),
        topics=("toeslagen.huurtoeslag",),
    ),
]
QUESTIONS = [
    FollowUp(
        "toeslagen",
        "Krijgt u toeslagen?",
        "Do you receive benefits?",
        yes_topics=("toeslagen.wijziging",),
    ),
]


def engine() -> TriageEngine:
    return TriageEngine(RULES, QUESTIONS)


def test_a_phrase_matches_with_words_in_between() -> None:
    result = engine().triage("Mijn baan ben ik sinds vorige week kwijt.")
    assert result.topics == ["uwv.werkzoekend", "uwv.ww"]
    assert result.agencies == ["uwv"]
    assert result.life_events == ["baan_kwijt"]


def test_words_too_far_apart_do_not_match() -> None:
    assert (
        engine()
        .triage("baan is leuk; de fiets van mijn oude buurman uit de straat is kwijt")
        .topics
        == []
    )


def test_explanations_name_the_words_that_led_to_each_suggestion() -> None:
    result = engine().triage("Ik ben gisteren ontslagen")
    why = {e.code: e for e in result.explanations}
    assert why["uwv.ww"].because == ("ontslagen",)
    assert why["uwv.ww"].rule == "baan_kwijt"
    assert why["baan_kwijt"].kind == "life_event"


def test_spelling_mistakes_compounds_and_english() -> None:
    assert engine().triage("kan ik huurtoeslach krijgen").topics == ["toeslagen.huurtoeslag"]
    assert engine().triage("mijn huurtoeslagschuld").topics == ["toeslagen.huurtoeslag"]
    assert engine().triage("I lost my job last month").topics == ["uwv.werkzoekend", "uwv.ww"]


def test_requires_picks_the_organisation_from_the_context() -> None:
    local = engine().triage("kwijtschelding van de afvalstoffenheffing")
    national = engine().triage("kwijtschelding motorrijtuigenbelasting afgewezen")
    assert local.topics == ["gemeente.kwijtschelding"]
    assert national.topics == ["belastingdienst.kwijtschelding"]
    assert national.explanations[0].because == ("kwijtschelding", "motorrijtuigenbelasting")
    assert engine().triage("kwijtschelding").topics == []


def test_unless_stops_a_rule() -> None:
    assert engine().triage("ontslagen, maar ik heb al een nieuwe baan gevonden").topics == []


def test_follow_up_questions_and_their_answers() -> None:
    first = engine().triage("ik ben ontslagen")
    assert [q.code for q in first.questions] == ["toeslagen"]
    answered = engine().triage("ik ben ontslagen", {"toeslagen": "ja"})
    assert "toeslagen.wijziging" in answered.topics
    assert answered.questions == []
    assert engine().triage("ik ben ontslagen", {"toeslagen": "nee"}).topics == [
        "uwv.werkzoekend",
        "uwv.ww",
    ]


def test_output_shape_for_the_command_line() -> None:
    data = engine().triage("ontslagen").as_dict(language="en")
    assert set(data) == {"agencies", "topics", "life_events", "questions", "explanations"}
    assert data["questions"] == [{"code": "toeslagen", "text": "Do you receive benefits?"}]
