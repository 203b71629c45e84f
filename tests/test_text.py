from kg.text import fold, fold_text, match_key, slug, split_sentences


def test_fold_removes_diacritics_case_and_unifies_dashes_and_apostrophes():
    assert fold("Kirghizstan") == fold("KIRGHIZSTAN") == "kirghizstan"
    assert fold("Ouzbékistan") == "ouzbekistan"
    assert fold("Radosław") == "radoslaw"
    assert fold("l’Ouzbékistan") == "l'ouzbekistan"
    assert fold("China — Kyrgyzstan — Uzbekistan") == "china-kyrgyzstan-uzbekistan"


def test_folded_offsets_point_back_to_the_original_text():
    text = "Le  président   kirghize Sadyr Japarov"
    f = fold_text(text)
    i = f.text.index("sadyr japarov")
    s, e = f.span(i, i + len("sadyr japarov"))
    assert text[s:e] == "Sadyr Japarov"


def test_match_key_follows_schema_matching_rules():
    assert match_key("Jean-Yves  Le Drian") == match_key("jean yves le drian")
    assert match_key("Joseph R. Biden, Jr.") == "joseph r biden jr"


def test_slug_is_readable_ascii():
    assert slug("Jeenbek Kulubaev") == "jeenbek-kulubaev"
    assert slug("Bùi Thanh Sơn") == "bui-thanh-son"


def test_sentences_keep_offsets_and_skip_abbreviations_and_initials():
    text = "Headline here\nPresident Joseph R. Biden, Jr. met Mr. Xi. They talked."
    sents = split_sentences(text, frozenset({"Mr.", "Jr."}))
    assert sents[0].is_headline
    assert [s.text for s in sents[1:]] == [
        "President Joseph R. Biden, Jr. met Mr. Xi.", "They talked."]
    for s in sents:
        assert text[s.start:s.end] == s.text
