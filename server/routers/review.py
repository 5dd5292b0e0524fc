"""The instructor's review tools: corrections, and what the class struggled with (the live
class is :mod:`server.routers.live_class`).

Same rules as the rest of the instructor API (``server/routers/instructor.py``): a bearer token
for every route, only the classes the bearer teaches.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, status
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from server import correction_file
from server import corrections as fixes
from server.deps import CurrentInstructor, ServicesDep, StoreDep, own_class
from server.errors import UNPROCESSABLE, NotFound
from server.limits import MAX_LINE_CHARS
from server.nul import refuse_nul
from server.store import Correction, utc_now
from server.struggles import Struggles, gather
from server.wire import Character, MatchOut

if TYPE_CHECKING:
    from embeddings import Index
    from server.services import Services

router = APIRouter(tags=["instructor"])


class CorrectionIn(BaseModel):
    """The student's line and the recorded turn that should answer it; or no turn and the
    side the student played (``as``): the record does not answer the line."""

    model_config = ConfigDict(populate_by_name=True)

    line: Annotated[str, AfterValidator(refuse_nul)] = Field(
        min_length=1, max_length=MAX_LINE_CHARS
    )
    document: str | None = Field(None, examples=["frus1969-76v39/d107"])
    # strict: false is not turn 0, nor "3" or 3.0 a turn (pydantic's lax mode took them)
    turn: int | None = Field(
        None, ge=0, strict=True, description="The recorded line's index in the document's turns."
    )
    as_: Character | None = Field(
        None,
        alias="as",
        description="Without document and turn: the character the student played; the line "
        "and its paraphrases, said as them in this class, are refused from then on.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> CorrectionIn:
        if self.document is not None and self.turn is not None:
            return self
        if self.document is None and self.turn is None and self.as_ is not None:
            return self
        raise ValueError(
            'Send "document" and "turn" (the recorded line that answers), or neither and "as" '
            '("kissinger" or "dobrynin", the side the student played) for a line the record '
            "does not answer."
        )


class CorrectionOut(BaseModel):
    id: int
    line: str
    document: str | None = Field(description="Null: the record does not answer the line.")
    turn: int | None
    speaker: str = Field(
        description="Who says the turn (the students it applies to play them); for a line "
        "the record does not answer, the side the student played."
    )
    recorded: str = Field(
        description="The recorded line's words (clean text); empty with no document."
    )
    match: MatchOut | None = Field(
        None,
        description="The recorded line with its editors' marks (`editorial`), and the reply "
        "the class now gets for the line, verbatim and cited, as a `reply` gives it (score 1: "
        "the corrected line itself); null for a line the record does not answer (or a turn "
        "the index no longer holds).",
    )
    created: str


class CorrectionMade(CorrectionOut):
    replaced: list[int] = Field(
        default_factory=list,
        description="The class's earlier corrections of the same line (as the search reads "
        "it) for the same side, removed: this one holds instead.",
    )


def _out(correction: Correction, index: Index) -> CorrectionOut:
    match = None  # None too when an index rebuilt without that document lost the turn
    if correction.document is not None and correction.turn is not None:
        match = fixes.corrected_match(
            index, correction.document, correction.turn, 1.0, correction.id
        )
    return CorrectionOut(
        id=correction.id,
        recorded=match.prompt.text if match is not None else "",
        match=match,
        line=correction.line,
        document=correction.document,
        turn=correction.turn,
        speaker=correction.speaker,
        created=correction.created,
    )


def _target(services: Services, document: str, turn: int) -> fixes.Target:
    try:
        return fixes.target(services.index, document, turn)
    except NotFound as exc:
        raise HTTPException(UNPROCESSABLE, str(exc)) from None


@router.post(
    "/api/classes/{code}/corrections",
    status_code=status.HTTP_201_CREATED,
    response_model=CorrectionMade,
)
def add_correction(
    code: str,
    body: CorrectionIn,
    instructor: CurrentInstructor,
    services: ServicesDep,
) -> CorrectionMade:
    """From now on, this line (and close paraphrases) said in this class gets this turn's reply;
    or, with no turn, is refused: the record does not answer it.

    A line corrected again is answered the new way only: the earlier corrections of the same
    line and side are removed (after the new one is stored, so a failed write loses neither).
    Kept, they answered its paraphrases the old way and stayed listed, so an Undo of one
    changed nothing the class saw.
    """
    code = own_class(services.store, instructor, code)
    line = " ".join(body.line.split())
    if not line:
        raise HTTPException(UNPROCESSABLE, "The line is empty.")
    if body.document is None or body.turn is None:
        assert body.as_ is not None  # CorrectionIn holds one kind or the other
        made = services.store.add_correction(
            code, line=line, document=None, turn=None, speaker=body.as_
        )
    else:
        chosen = _target(services, body.document, body.turn)
        made = services.store.add_correction(
            code, line=line, document=chosen.document, turn=chosen.turn, speaker=chosen.speaker
        )
    key = fixes.normalised(line)
    replaced = [
        c.id
        for c in services.store.corrections(code)
        if c.id != made.id and c.speaker == made.speaker and fixes.normalised(c.line) == key
    ]
    for old in replaced:
        services.store.delete_correction(code, old)
    return CorrectionMade(**_out(made, services.index).model_dump(), replaced=replaced)


@router.get("/api/classes/{code}/corrections", response_model=list[CorrectionOut])
def list_corrections(
    code: str, instructor: CurrentInstructor, services: ServicesDep
) -> list[CorrectionOut]:
    code = own_class(services.store, instructor, code)
    return [_out(c, services.index) for c in services.store.corrections(code)]


@router.delete(
    "/api/classes/{code}/corrections/{correction_id}", status_code=status.HTTP_204_NO_CONTENT
)
def undo_correction(
    code: str, correction_id: int, instructor: CurrentInstructor, store: StoreDep
) -> Response:
    """Undo a correction: the line is answered by the search again."""
    code = own_class(store, instructor, code)
    if not store.delete_correction(code, correction_id):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"Class {code} has no correction {correction_id}."
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/classes/{code}/corrections/export.json")
def export_corrections(code: str, instructor: CurrentInstructor, store: StoreDep) -> Response:
    """The class's corrections as a file: import it in another class, or `backchannel eval` it."""
    code = own_class(store, instructor, code)
    body = correction_file.to_file(code, utc_now(), store.corrections(code))
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{code}-corrections.json"'},
    )


class Imported(BaseModel):
    imported: int
    already: int = Field(description="Corrections the class already had (same line and turn).")
    superseded: int = Field(
        0,
        description="Older corrections of a line the file corrects again (for the same side), "
        "left out: the file's class answers the line with the newest.",
    )


@router.post("/api/classes/{code}/corrections/import", response_model=Imported)
def import_corrections(
    code: str,
    instructor: CurrentInstructor,
    services: ServicesDep,
    body: Annotated[Any, Body(description="A corrections file, as exported.")],
    file: Annotated[
        str | None,
        Query(max_length=200, description="The file's name, for the errors to name it."),
    ] = None,
) -> Imported:
    """Add another class's corrections to this one (all or nothing: a bad item adds none)."""
    code = own_class(services.store, instructor, code)
    where = file or "the uploaded file"
    try:
        items = correction_file.read_file(body, where)
        chosen: list[tuple[str, str | None, int | None, str]] = []
        for n, item in enumerate(items):
            if item["document"] is None:  # the record does not answer the line
                chosen.append((item["line"], None, None, item["speaker"]))
                continue
            try:
                target = fixes.target(services.index, item["document"], item["turn"])
            except NotFound as exc:
                raise ValueError(f"{where}: corrections[{n}]: {exc}") from None
            chosen.append((item["line"], target.document, target.turn, target.speaker))
    except ValueError as exc:
        raise HTTPException(UNPROCESSABLE, str(exc)) from None
    # The file lists its class's corrections newest first, and may correct a line more than
    # once (one written before a new correction replaced the earlier): that class answers the
    # line with the newest, so only it is taken, and they are added oldest first, so that the
    # newest there is the newest here too. Added in the file's order, the oldest became the
    # newest, and this class answered the line as the other class no longer does.
    latest: list[tuple[str, str | None, int | None, str]] = []
    lines: set[tuple[str, str]] = set()
    for line, document, turn, speaker in chosen:
        line = " ".join(line.split())
        if (fixes.normalised(line), speaker) not in lines:
            lines.add((fixes.normalised(line), speaker))
            latest.append((line, document, turn, speaker))
    have = {
        (fixes.normalised(c.line), c.document, c.turn, c.speaker)
        for c in services.store.corrections(code)
    }
    added = 0
    for line, document, turn, speaker in reversed(latest):
        key = (fixes.normalised(line), document, turn, speaker)
        if key in have:
            continue
        have.add(key)
        services.store.add_correction(
            code, line=line, document=document, turn=turn, speaker=speaker
        )
        added += 1
    return Imported(
        imported=added, already=len(latest) - added, superseded=len(chosen) - len(latest)
    )


@router.get("/api/classes/{code}/struggles", response_model=Struggles)
def class_struggles(
    code: str,
    instructor: CurrentInstructor,
    store: StoreDep,
    services: ServicesDep,
    cached: Annotated[
        bool,
        Query(
            description="A live refresh: read only the new events of the sessions that moved "
            "on since this server process last read them (without it, every session is read "
            "again from its first event: a row edited by hand shows then)."
        ),
    ] = False,
) -> Struggles:
    """Lines the record could not answer, the most-missed quiz items, each student's progress;
    what students asked about that this server's index does not hold (`GET /api/unheld`)."""
    code = own_class(store, instructor, code)
    parts = services.struggle_reads.parts(store, code, store.class_sessions(code), cached=cached)
    found = gather(parts, services.roleplay.unheld_topics())
    # A line given an answer since (the list asks the teacher to, from a transcript) is still
    # one the record could not answer then, but the list says the class gets an answer now.
    corrections = store.corrections(code)
    # An entry is every way its lines were typed: answered now if any of them is.
    lines = [(u, typed) for u in found.unanswered if u.as_ is not None for typed in u.wordings]
    if corrections and lines:
        said = [(typed, u.as_ or "") for u, typed in lines]
        hits = services.roleplay.corrector.find_all(corrections, said)
        for (line, _), hit in zip(lines, hits, strict=True):
            if hit is not None and hit[0].document is not None and line.answered_now is None:
                line.answered_now = hit[0].id  # not one that refuses it; of two, the earlier
    return found
