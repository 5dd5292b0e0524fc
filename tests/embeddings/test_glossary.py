from embeddings.glossary import Glossary


def test_expand_gives_variants_of_one_place_the_same_label():
    g = Glossary()
    assert g.expand("Beijing will object") == "Beijing will object (China, Peking, the Chinese)"
    assert g.labels("The Chinese will protest.") == ["China, Peking, the Chinese"]


def test_expand_links_student_words_to_the_record_abbreviation():
    g = Glossary()
    label = "MBFR, mutual and balanced force reductions, troop cuts"
    assert g.labels("Could we cut troops in Europe?") == [label]
    assert g.labels("the MBFR Conference") == [label]


def test_acronyms_match_case_sensitively():
    g = Glossary()
    assert g.labels("pass the salt") == []
    assert g.labels("SALT is stuck") == ["SALT, strategic arms limitation talks, arms control"]


def test_expand_leaves_text_without_concepts_unchanged():
    assert Glossary().expand("asdf qwer") == "asdf qwer"


def test_with_terms_adds_a_volume_abbreviation_list():
    g = Glossary().with_terms([("CCD", "Conference of the Committee on Disarmament"), ("x", "")])
    assert g.expand("the CCD met") == (
        "the CCD met (CCD, Conference of the Committee on Disarmament)"
    )
