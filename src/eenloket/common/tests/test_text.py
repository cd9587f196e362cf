from eenloket.common.text import Corrector, fold, terms


def test_fold_lowers_and_strips_accents() -> None:
    assert fold("Coördinatie CAFÉ") == "coordinatie cafe"


def test_terms_drop_stop_words_and_stem() -> None:
    assert terms("Ik heb de uitkeringen aangevraagd") == terms("uitkering aangevraagd")
    assert "de" not in terms("de")


def test_corrector_fixes_small_spelling_mistakes_only() -> None:
    corrector = Corrector(["huurtoeslag", "schuld", "verblijfsvergunning"])
    assert corrector.correct("huurtoeslach") == "huurtoeslag"
    assert corrector.correct("verblijfsvergunig") == "verblijfsvergunning"
    assert corrector.correct("schuld") == "schuld"
    # Too far away, or too short to correct safely.
    assert corrector.correct("huisarts") is None
    assert corrector.correct("ww") is None
