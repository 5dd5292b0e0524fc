"""Which scope a class's role-play answers from once its instructor has set a scenario.

A teacher who sets the class's scenario ("The October 1973 war" this week) expects the class to
play within it. So a student of the class who names no scenario gets the class's; a student may
narrow it (one of its conversations, or a topic or volume that lies wholly inside it) but not
leave it: the whole record, another topic or a conversation outside it is refused with a
sentence saying why and what to choose instead. A student practising alone, or in a class
without a scenario, chooses any scope (null: the whole record). The scope is fixed when a
role-play starts, so a change of the class's scenario applies to role-plays started after it.
"""

from __future__ import annotations

from server.errors import ProtocolError
from transcripts import Scenario


def quoted_title(scope: Scenario) -> str:
    """The scope's title quoted in a message, marked "(our summary)" when the project wrote it.

    A topic's title ("The October 1973 war") is the project's words, not the record's; the
    pages show these messages as plain text, where no badge marks it. A volume's title is the
    record's and stays as it is.
    """
    mark = " (our summary)" if scope.editorial else ""
    return f"“{scope.title}”{mark}"


def effective_scope(
    class_code: str | None,
    class_scope: Scenario | None,
    asked: Scenario | None,
    document: str | None,
) -> Scenario | None:
    """The scenario a role-play answers from: ``asked`` if given, else the class's.

    ``asked`` (the student's ``scenario``, None when left out or null) and ``document`` (the
    conversation to play through) must lie within ``class_scope`` when the class has one.
    """
    if class_scope is None:
        return asked
    held = set(class_scope.documents)
    setting = (
        f"Your instructor set class {class_code} to role-play within "
        f"{quoted_title(class_scope)} ({class_scope.id})"
    )
    if asked is not None and not set(asked.documents) <= held:
        raise ProtocolError(
            "outside_class_scenario",
            f"{setting}, and {asked.id!r} reaches outside it; choose one of its conversations, "
            "or leave the scenario out (null) to play within all of it.",
            field="scenario",
        )
    if document is not None and document not in held:
        raise ProtocolError(
            "outside_class_scenario",
            f"{setting}, and conversation {document!r} is not part of it; choose one of its "
            "conversations (its 'documents' in GET /api/scenarios), or play freely within it "
            "(document null).",
            field="document",
        )
    return asked if asked is not None else class_scope
