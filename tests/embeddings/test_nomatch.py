"""The no-match rule: its arithmetic and its refit from on-topic and off-topic lines."""

from __future__ import annotations

import pytest

from embeddings.nomatch import Evidence, NoMatchRule, fit_no_match


def test_confidence_adds_domain_and_subtracts_penalties():
    rule = NoMatchRule(domain_weight=0.5, words_penalty=0.1, names_penalty=0.2, threshold=0.6)
    evidence = Evidence(best=0.5, domain=0.4, unknown=0.5, names=1)
    assert rule.confidence(evidence) == pytest.approx(0.5 + 0.2 - 0.05 - 0.2)
    assert not rule.matches(evidence)
    assert rule.matches(Evidence(best=0.5, domain=0.4, unknown=0.0, names=0))


def test_fit_separates_lines_that_share_a_best_score_by_their_domain():
    # an off-topic line scoring as high as on-topic ones (0.5): only its domain gives it away
    on = [Evidence(b, d, 0.1, 0) for b, d in ((0.5, 0.4), (0.6, 0.3), (0.7, 0.35), (0.8, 0.3))]
    off = [Evidence(b, d, 0.1, 0) for b, d in ((0.2, 0.1), (0.3, 0.15), (0.5, 0.05), (0.4, 0.1))]
    rule, refused, answered = fit_no_match(on, off, words_penalty=0.1)
    assert (refused, answered) == (0.0, 0.0)
    assert rule.domain_weight > 0 and rule.words_penalty == 0.1
    assert all(rule.matches(e) for e in on) and not any(rule.matches(e) for e in off)


def test_fit_without_off_topic_lines_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="needs both on-topic and off-topic lines"):
        fit_no_match([Evidence(0.8, 0.4, 0.0, 0)], [])
