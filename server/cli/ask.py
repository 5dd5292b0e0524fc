"""`backchannel ask`: one line answered from the record, as the role-play answers it, and a
refusal said as the student page says it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from server.cli.loading import index_option, load_roleplay, loading_options
from server.cli.say import fail
from server.closeness import closeness_word, looseness, percent

if TYPE_CHECKING:  # imported where used: the model's imports are slow
    from collections.abc import Mapping

    from embeddings import RolePlay
    from server.wire import AskOut, ElsewhereOut
    from transcripts import Scenario
    from transcripts.export import DocumentRecord

# A citation without a date, in the student page's words (web/js/render.js recordDate): the
# volume dates the conversation, only the shipped copy lacks it, so "undated" would say the
# record has none.
NO_DATE = "date not in our copy"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `ask` to the main parser."""
    ask = sub.add_parser(
        "ask",
        help="Answer one line from the record, as the role-play does.",
        description="Find the recorded line closest to LINE and print the real reply with its "
        "citation.",
    )
    ask.add_argument(
        "line",
        metavar="LINE",
        help='What you would say to the other man, in quotes: "Beijing will object."',
    )
    ask.add_argument(
        "--as",
        dest="as_",
        metavar="kissinger|dobrynin",
        default="kissinger",
        help="Role: kissinger (default) or dobrynin.",
    )
    ask.add_argument(
        "--k", type=at_least_one, default=5, metavar="N", help="Matches to return (default 5)."
    )
    index_option(ask)
    ask.add_argument("--document", metavar="ID", help="Context: the document being replayed.")
    ask.add_argument(
        "--position",
        type=int,
        metavar="N",
        help="Context: the current turn index (default 0; with --document).",
    )
    ask.add_argument(
        "--scenario",
        metavar="ID",
        help="Answer only from a scenario's conversations (e.g. topic:salt, "
        "volume:frus1969-76v25, conversation:frus1969-76v25/d209).",
    )
    ask.add_argument("--json", action="store_true", help="Print the answer as JSON.")
    loading_options(ask)
    ask.set_defaults(run=run_ask)


def at_least_one(text: str) -> int:
    """``--k``: 0 printed the heading of an answer and no line under it."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of matches: give 1 or more")
    return number


def _context_problem(args: argparse.Namespace, documents: Mapping[str, DocumentRecord]) -> str:
    """What is wrong with ``--document``/``--position``, or "": an unknown document or a turn
    past its end was ignored, and the line answered as if from no conversation."""
    if args.document is None:
        if args.position is not None:
            return "--position needs --document: the conversation it is a turn of."
        return ""
    if args.document not in documents:
        some = ", ".join(sorted(documents)[:3])
        return (
            f"No document {args.document!r} in the index: give an id as the citations print "
            f"it ({len(documents)} documents, e.g. {some})."
        )
    turns = documents[args.document].turns
    if args.position is not None and not 0 <= args.position < turns:
        return f"{args.document} has turns 0 to {turns - 1}: --position {args.position} is not one."
    return ""


def run_ask(args: argparse.Namespace) -> int:
    from embeddings import Context
    from server.elsewhere import elsewhere
    from server.wire import answer_out

    roleplay = load_roleplay(args)
    if roleplay is None:
        return 2
    context_problem = _context_problem(args, roleplay.index.documents)
    if context_problem:
        fail(args.command, context_problem)
        return 2
    context = Context(args.document, args.position or 0) if args.document else None
    scope = None
    within = ""  # how a refusal names where it searched: a topic's title marked as ours
    if args.scenario:
        from server.class_scope import quoted_title
        from transcripts import scenario

        try:
            chosen = scenario(args.scenario, roleplay.index.documents.values())
            scope = chosen.documents
            within = quoted_title(chosen)
        except KeyError as exc:
            fail(args.command, str(exc.args[0]))
            return 2
    try:
        answer = roleplay.respond(args.line, as_=args.as_, context=context, k=args.k, scope=scope)
    except ValueError as exc:
        fail(args.command, str(exc))
        return 2
    out = elsewhere(roleplay, answer_out(answer), as_=args.as_, scope=scope)
    if args.json:
        print(json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    why = refused_because(out.reason, out.names or [], args.as_)
    where = f"within {within}" if within else "in the record"
    held = _held_topics(roleplay) if answer.status == "no_match" else []
    # Only lines near enough are offered (embeddings.suggestions.SUGGESTION_FLOOR); with none,
    # the refusal says so, and the topics printed below are where to go instead.
    refusal = (
        f"{why or f'No close match {where}.'} Did you mean one of these?"
        if out.suggestions
        else _topic_held(len(out.topics), args.as_)
        if out.topics and not within
        else f"{why + ' ' if why else ''}Nothing {where} comes near this line: try other words"
        + (", or one of the topics below." if held else ".")
    )
    headline = {
        "match": "Closest line in the record:",
        "ambiguous": "This line recurs in the record; which moment do you mean?",
        "no_match": refusal,
    }[answer.status]
    print(headline)
    listed = out.matches or out.suggestions
    if listed:
        print(LISTED_BY[answer.order])
    for n, match in enumerate(listed, 1):
        cite = match.citation
        pages = ", ".join(str(p) for p in cite.pages)
        pages = f", p. {pages}" if pages else ""
        fit = "fit not weighed" if match.fit is None else f"fit {match.fit:.2f}"
        print(f"\n{n}. [{fit}] {match.prompt.speaker}: {match.prompt.text}")
        print(f"   {closeness(match.score)}")
        # above the reply the page shows (the first), as the page says it there
        weak = weak_match(match.score, match.reply.speaker) if n == 1 and out.matches else ""
        if weak:
            print(f"   {weak}")
        for turn in match.reply.turns:
            for note in turn.editorial_before:
                print(f"   (editors' note) {note}")
            print(f"   {turn.speaker}: {turn.clean_text}")
            for note in turn.editorial_after:
                print(f"   (editors' note) {note}")
        excerpt = " (excerpt)" if cite.excerpt else ""
        print(f"   — {cite.document}{pages}, {cite.date or NO_DATE}{excerpt}")
        print(f"     {cite.url}")
    if answer.status == "no_match":
        if within and not why:  # a reason holds for the whole record: widening would not help
            print(_searched_said(out))
        if out.elsewhere is not None:
            print(_elsewhere_said(out.elsewhere))
        named = {t.id for t in out.topics or []}
        _print_coverage([s for s in held if s.id in named] or held, named=bool(named))
    return 0


# What the numbered lines are listed by (embeddings.Answer.order). The number in brackets is
# that order's: it printed the similarity there, beside a list in fit order, and a teacher
# read "[0.47]" above "[0.52]" as a tool gone wrong.
LISTED_BY = {
    "fit": "Listed by fit, best first: the tier model's probability that the reply answers "
    "your line. Similarity: how close your line came to the recorded one, as the student page "
    "says it.",
    "search": "One line recurs at these moments, listed as the search ranked them. Fit: the "
    "tier model's probability that the reply answers your line. Similarity: how close your "
    "line came to the recorded one, as the student page says it.",
}


def closeness(score: float) -> str:
    """A similarity (0..1) in the student page's words, the word the server sends it with
    (server.closeness): "loosely related (similarity 47%)", its percentage as the page shows it."""
    return f"{closeness_word(score)} (similarity {percent(score)}%)"


def weak_match(score: float, speaker: str | None) -> str:
    """The page's note above a reply whose recorded line is only loosely related to the
    student's, or distant (server.closeness.looseness), or "": said here under that line, not
    "quoted under his words"."""
    from transcripts import short_name

    how = looseness(score)
    if how is None:
        return ""
    return f"The recorded line {short_name(speaker or '')} answers here is {how} yours."


# The student page's words (web/js/replies.js NOTHING_OUTSIDE).
NOTHING_OUTSIDE = "The rest of the record was searched too: nothing there answers this either."


def _searched_said(out: AskOut) -> str:
    """What was searched for a line refused within a scenario, as the page says it: the
    whole record too when nothing outside answers it (``searched_outside``, no ``elsewhere``),
    where "without --scenario, the whole record is" sent the reader to a second refusal."""
    if out.searched_outside and out.elsewhere is None:
        return f"\n{NOTHING_OUTSIDE}"
    return (
        "\nOnly the scenario's conversations were searched; without --scenario, "
        "the whole record is."
    )


def _elsewhere_said(found: ElsewhereOut) -> str:
    """The conversation outside the scenario that answers the line, named as the page names
    it: its topic line marked as the project's words, its date and citation, not its words."""
    cite = found.citation
    pages = ", ".join(str(p) for p in cite.pages)
    about = f"{found.topic} (our summary), " if found.topic else ""
    return (
        "Outside the scenario, the record has a conversation that answers this line: "
        f"{about}{cite.date or NO_DATE}, {cite.document}{f', p. {pages}' if pages else ''}"
        f"\n  {cite.url}"
    )


def _topic_held(count: int, as_: str) -> str:
    """A line refused in the whole record that names ``count`` topics it holds, with no
    recorded line near enough to offer, as the student page says it (web/js/replies.js
    topicNote): "Nothing in the record comes near this line" read as if it held nothing on
    Berlin, above Berlin's own six conversations."""
    from transcripts import CHANNEL, short_name

    me, other = short_name(as_), short_name(CHANNEL.get(as_, "dobrynin"))
    topic, it = ("the topic", "it") if count == 1 else ("the topics", "them")
    return (
        f"No close match in the record. It holds {topic} this line names (below), but none of "
        f"{me}'s recorded lines comes near this one: say what you would tell {other} about {it}."
    )


def refused_because(reason: str | None, names: list[str], as_: str) -> str:
    """Why a line was refused, as the student page says it (web/js/refusal-words.js), or ""
    when no recorded line fitted well enough ("weak"): then the plain refusal is said."""
    from transcripts import CHANNEL, short_name

    if reason == "unheld" and names:
        quoted = [f"“{name}”" for name in names]  # the student's words, as typed ("cuban")
        return f"No recorded conversation here speaks of {_listed(quoted, 'or')}."
    if reason == "anachronism" and names:
        verb = "belong" if len(names) > 1 else "belongs"
        said = f"{_listed(names, 'and')} {verb} to a later time: this record ends in 1976."
        return said[0].upper() + said[1:]
    if reason == "language":
        return (
            "The record is in English: type your line in English. The recorded conversations "
            "are in English, and the search compares your words with theirs: a line in another "
            "language comes near none of them."
        )
    if reason == "chatter":
        me, other = short_name(as_), short_name(CHANNEL.get(as_, "dobrynin"))
        return (
            f"That does not sound like a line for {other}. Speak to {other} as {me} would: "
            "the record holds only what passed between them."
        )
    return ""


def _listed(names: list[str], joiner: str) -> str:
    """["Cuba", "Castro", "Havana"] → "Cuba, Castro, or Havana", as the page's Intl.ListFormat
    writes it."""
    if len(names) < 3:
        return f" {joiner} ".join(names)
    return f"{', '.join(names[:-1])}, {joiner} {names[-1]}"


def _held_topics(roleplay: RolePlay) -> list[Scenario]:
    """The project's topic scenarios of the indexed record: where a refusal leads."""
    from transcripts import scenarios

    return [s for s in scenarios(roleplay.index.documents.values()) if s.kind == "topic"]


def _print_coverage(held: list[Scenario], *, named: bool = False) -> None:
    """What the record holds, so a refusal leads somewhere (the project's topic scenarios):
    the topics the line names (``named``), or all of them."""
    if held:
        what = "The record's topics your line names" if named else "What the record holds"
        print(f"\n{what} (topics written by the project; --scenario ID searches one):")
        for s in held:
            n = len(s.documents)
            print(f"  {s.id}: {s.title} ({n} conversation{'' if n == 1 else 's'})")
