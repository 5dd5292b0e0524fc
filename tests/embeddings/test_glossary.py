from pathlib import Path

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


def test_canonical_rewrites_names_to_the_records_words():
    g = Glossary()
    assert g.canonical("Nixon will see you") == "the President will see you"
    assert g.canonical("The Kremlin agrees") == "The Soviets agrees"
    assert g.canonical("the troop-cut talks drag on") == "the MBFR drag on"
    assert g.canonical("Not Brent, give it to Larry.") == "Not Scowcroft, give it to Eagleburger."
    assert g.canonical("Zhou Enlai met me in Beijing") == "Chou En-lai met me in Peking"


def test_canonical_leaves_other_words_alone():
    g = Glossary()
    assert g.canonical("pass the salt, Henry said") == "pass the salt, Henry said"
    assert g.canonical("What is the capital of Australia?") == "What is the capital of Australia?"


def test_volume_terms_also_rewrite_their_long_form():
    g = Glossary().with_terms([("CCD", "Conference of the Committee on Disarmament")])
    assert g.canonical("the Conference of the Committee on Disarmament met") == "the CCD met"


def test_labels_are_those_of_every_pattern_tried():
    """``labels`` tries a concept's pattern only when the text holds the first word of one of
    its variants: the same labels as trying every pattern, for every evaluation line, every
    recorded turn, every chatter example and texts whose capitals fold to ASCII letters."""
    import json

    from embeddings.evidence import chatter_lines
    from transcripts import load_corpus

    corpus = load_corpus()
    glossary = Glossary().with_terms(corpus.terms)
    data = Path(__file__).parent.parent / "data"
    lines = [json.loads(row)["query"] for f in sorted(data.glob("*.jsonl")) for row in f.open()]
    texts = [
        *lines,
        *(glossary.canonical(line) for line in lines),
        *(turn.spoken_text for document in corpus.documents for turn in document.turns),
        *chatter_lines(),
        "Thе Kremlin",  # a Cyrillic e
        "\u212aissinger in the \u017foviet Union",  # the Kelvin sign, the long s
        "détente with Peking",
        "",
    ]
    assert len(lines) > 900 and len(texts) > 3500
    every = [[label for label, pattern in glossary._compiled if pattern.search(t)] for t in texts]
    assert [glossary.labels(t) for t in texts] == every
    assert glossary.labels("\u212aissinger in the \u017foviet Union") == [
        "the Soviet Union, Moscow, the Russians",
        "Kissinger, Henry",
    ]
