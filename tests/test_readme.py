"""The README is the user's manual: every command and every setting must be in it."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from server.cli import build_parser
from server.cli.serve import OPTION
from server.settings import Settings
from server.stores import SQLITE_FILE
from tests.server.test_protocol import _routes
from transcripts import load_corpus, shipped_corpus_dir

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix}{name}")
                found.extend(subcommands(sub, f"{prefix}{name} "))
    return found


def test_readme_names_every_command() -> None:
    missing = [c for c in subcommands(build_parser()) if f"backchannel {c}" not in README]
    assert missing == [], f"README.md does not show these commands: {missing}"


def test_readme_names_every_setting() -> None:
    variables = {f"BACKCHANNEL_{name.upper()}" for name in Settings.model_fields}
    assert variables - set(re.findall(r"BACKCHANNEL_[A-Z_]+", README)) == set()


TEST_COMMAND = "python3 -m pytest -q -n 2"  # the whole suite, on two workers (pytest-xdist)


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert f"runs `{TEST_COMMAND}`" in README
    assert ci.rstrip().endswith(TEST_COMMAND)


def test_readme_says_how_to_run_the_suite_in_one_process() -> None:
    """The serial run it names is the same suite: -n 0 is pytest-xdist's own "no workers"."""
    assert "`python3 -m pytest -q -n 0`" in README
    assert "(`python3 -m pytest tests/embeddings/test_greeting.py`)" in README
    assert (Path(__file__).resolve().parent / "embeddings" / "test_greeting.py").is_file()


def test_readme_names_the_database_file_the_store_writes(tmp_path: Path) -> None:
    from server.stores import open_store

    store = open_store(Settings(data=tmp_path))
    store.close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite3"] == [SQLITE_FILE]
    data_row = next(line for line in README.splitlines() if "`BACKCHANNEL_DATA`" in line)
    assert f"`{SQLITE_FILE}`" in data_row
    assert "backchannel.db" not in README


def _setting_rows() -> dict[str, tuple[str, str]]:
    """The configuration table: variable -> (its `serve` flag, its default), as shown."""
    return {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(
            r"^\| `BACKCHANNEL_([A-Z_]+)` \| ((?:[^|\\]|\\\|)*) \| ([^|]*) \|", README, flags=re.M
        )
    }


def test_readme_shows_every_setting_with_its_default() -> None:
    rows = _setting_rows()
    for name, field in Settings.model_fields.items():
        assert name.upper() in rows, f"BACKCHANNEL_{name.upper()} has no row in the table"
        if isinstance(field.default, str | int) and field.default is not None:
            assert f"`{field.default}`" in rows[name.upper()][1], (name, rows[name.upper()])


def _leaves(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> list[tuple[str, argparse.ArgumentParser]]:
    """Each command that runs (`corpus show`, `instructor add`, ...) and its parser."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    found.extend(_leaves(sub, f"{prefix}{name} "))
                else:
                    found.append((f"{prefix}{name}", sub))
    return found


def _shown(action: argparse.Action) -> str:
    """An option as `--help`'s usage line shows it, choices as `a|b`: `--index DIR`."""
    flag = action.option_strings[-1]
    if action.nargs == 0:
        return flag
    if action.metavar:
        return f"{flag} {action.metavar}"
    if action.choices:
        return f"{flag} {'|'.join(map(str, action.choices))}"
    return f"{flag} {action.dest.upper()}"


def test_readme_settings_table_names_each_settings_serve_flag() -> None:
    """The flag beside each variable is the one `serve` sets it with (before, the table named
    none, and `--origin`, `--allowed-host`, `--trusted-proxy` are not the variables' names)."""
    serve = dict(_leaves(build_parser()))["serve"]
    options = {a.dest: a for a in serve._actions if a.option_strings and a.dest != "help"}
    assert set(options) == set(Settings.model_fields)
    for name in Settings.model_fields:
        flag = options[name].option_strings[-1]
        assert flag == OPTION.get(name, f"--{name.replace('_', '-')}")
        shown = _setting_rows()[name.upper()][0].replace("\\|", "|")
        assert shown.startswith(f"`{_shown(options[name])}`"), (name, shown)


def test_readme_shows_every_option_as_help_does() -> None:
    """Each option of each command is in its row of *Command line* as `--help` shows it (the
    instructor commands' --data and --database in the sentence under the table). Before:
    `serve [--host H] [--port P] [--model M]`, and `build --transcripts` was `DIR` in
    `--help` though it takes a file or a folder, `ask --document`/`--position` `DOCUMENT`
    and `POSITION`, and `--as` `ROLE`."""
    section = README.split("\n## Command line\n")[1].split("\n## ")[0].replace("\\|", "|")
    shared = section.split("Every `instructor` command takes")[1].split("\n\n")[0]
    missing = []
    for command, parser in _leaves(build_parser()):
        row = next(r for r in section.splitlines() if r.startswith(f"| `backchannel {command}"))
        for action in parser._actions:
            if not action.option_strings or isinstance(action, argparse._HelpAction):
                continue
            common = command.startswith("instructor ") and action.dest in ("data", "database")
            if _shown(action) not in (shared if common else row.split("` |")[0]):
                missing.append(f"{command}: {_shown(action)}")
    assert missing == []


def test_readme_counts_the_shipped_corpus() -> None:
    """The documents and turns the README gives are what the shipped corpus parses to."""
    corpus = load_corpus()
    documents, turns = len(corpus.documents), sum(len(d.turns) for d in corpus.documents)
    texts = len(list((shipped_corpus_dir() / "frus-text").glob("*.txt")))
    tei = [f for f in (shipped_corpus_dir() / "frus-tei").glob("*.xml") if "header" not in f.name]
    assert f"{texts} text-layout transcripts and {len(tei)} TEI documents" in README
    assert f"({documents} conversations, {turns:,} turns)" in README
    assert f"shipped corpus ({documents} documents, {turns:,} turns)" in README


def test_readme_says_how_many_shipped_copies_print_a_date_a_source_a_page() -> None:
    """The opening promised every reply a citation with "page, date, archival source"; the
    shipped copies print a date for 3 of 66 conversations and a source for 16, and 17 no page
    (the pages then say "date not in our copy"). The README now says so, counted here."""
    documents = load_corpus().documents
    dated = sum(1 for d in documents if d.date)
    sourced = sum(1 for d in documents if d.source_note)
    unpaged = sum(1 for d in documents if not any(block.pages for block in d.body))
    said = " ".join(README.split())
    assert (
        f"of the {len(documents)}, the copies of {dated} print their date, of {sourced} their "
        f"archival source, and {unpaged} no page number"
    ) in said
    assert "where the copy here prints them: most shipped copies print no date or source" in said
    assert dated < len(documents) / 2 and sourced < len(documents) / 2


def test_readme_protocol_table_names_every_message_type() -> None:
    """Each message a client may send and each the server sends is in *WebSocket protocol*, as
    `"type":"NAME"` or `NAME` (before, `ping` and `pong` were in no row: a developer writing a
    client from the README alone did not know the socket answers a ping)."""
    from server.client_messages import CLIENT_MESSAGES
    from server.protocol import SERVER_MESSAGES

    section = README.split("\n## WebSocket protocol\n")[1].split("\n## ")[0]
    types = [*CLIENT_MESSAGES, *(m.model_fields["type"].default for m in SERVER_MESSAGES)]
    assert len(types) == 19
    missing = [t for t in types if f'"type":"{t}"' not in section and f"`{t}`" not in section]
    assert missing == []


def test_readme_names_only_routes_the_server_has() -> None:
    named = {
        f"{m.group(1)} {re.sub(r'{[^}]*}', '{}', m.group(2))}"
        for m in re.finditer(r"`(GET|PUT|POST|DELETE) (/[^`?]*)", README)
    }
    assert named and named <= _routes()


def test_readme_says_what_a_class_code_may_be() -> None:
    """As the CLI and the instructor page check it (before, the README left out that a code
    starts with a letter or digit and does not end with `.`: `.HIST` and `HIST.` are refused)."""
    from server.class_codes import class_code_problem

    rule = "`-`, `_` or `.`, starting with a letter or digit and not ending with `.`"
    assert rule in " ".join(README.split())
    codes = ("IR-101.2026", ".HIST", "HIST.", "A" * 41)
    assert [class_code_problem(c) is None for c in codes] == [True, False, False, False]


def test_readme_scenario_table_is_the_shipped_topics() -> None:
    """Each topic row (id, title, conversations, the project's summary) is what
    `transcripts.scenarios()` gives over the shipped corpus, and no topic is left out."""
    from transcripts import scenarios

    rows = re.findall(r"^\| `(topic:[a-z0-9-]+)` (.+?) \| (\d+) \| (.+?) \|$", README, flags=re.M)
    topics = [s for s in scenarios() if s.kind == "topic"]
    assert rows == [(t.id, t.title, str(len(t.documents)), t.summary) for t in topics]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as `-`."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_links_within_itself_reach_a_heading() -> None:
    headings = {_slug(h) for h in re.findall(r"^#+ (.*)$", README, flags=re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", README)
    assert len(links) >= 6
    assert [link for link in links if link not in headings] == []


def test_readme_quiz_evidence_reproduce_command_runs(fixture_index_dir: Path) -> None:
    """The *Self-study* table's "Reproduce" script judges the quiz's questions and the baseline's
    (on the fixture index, a few questions). Before, it stopped at its first question:
    TypeError: 'QuizPrompt' object is not subscriptable (a question's prompt became a model)."""
    import subprocess
    import sys

    assert "python benchmarks/quiz_evidence.py --index /tmp/idx" in README
    root = Path(__file__).resolve().parents[1]
    script = ["benchmarks/quiz_evidence.py", "--index", str(fixture_index_dir)]
    run = subprocess.run(
        [sys.executable, *script, "--questions", "3"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line.split("  ")[0] for line in lines[1:3]] == [
        "baseline (any line, 6+ words)",
        "quiz (evidence rule)",
    ]
    assert re.match(r"quiz \(evidence rule\) +3  clear +\d+  subtle +\d+  none +0  ", lines[2])


def test_instructor_help_says_what_a_class_code_may_be_and_what_index_is_read() -> None:
    """`--class`'s help gives the README's rule whole (before, it left out that a code starts
    with a letter or digit and does not end with `.`), and the instructor commands' `--index`
    does not promise a build they never run (before: "built on first start", serve's words;
    they read the index's list of documents, else the shipped corpus's)."""
    commands = dict(_leaves(build_parser()))
    for name in ("add", "classes"):
        (option,) = [a for a in commands[f"instructor {name}"]._actions if a.dest == "classes"]
        assert option.help is not None
        assert option.help.endswith(
            "1-40 letters, digits, '-', '_' or '.', starting with a letter or digit and not "
            "ending with '.'."
        )
    for name in ("scenario", "scenarios"):
        (option,) = [a for a in commands[f"instructor {name}"]._actions if a.dest == "index"]
        assert option.help == (
            "The index serve answers from, whose conversations the scenarios are of (default: "
            "DATA/index; without one, the shipped corpus)."
        )


def _commands_shown(text: str) -> list[str]:
    """Each `backchannel ...` command a page shows in a code span or a console line, one line
    each (`backchannel instructor share|unshare` as its two)."""
    spans = re.findall(r"`(backchannel [^`]+)`", text)
    spans += re.findall(r"^\$ (backchannel .+)$", text, re.M)
    parts = [" ".join(p.split()) for s in spans for p in s.split("&&")]
    shown = []
    for part in (p for p in parts if p.startswith("backchannel ")):
        words = part.split(" ")
        if len(words) > 2 and "|" in words[2] and not words[2].startswith("-"):
            shown += [" ".join([*words[:2], w, *words[3:]]) for w in words[2].split("|")]
        else:
            shown.append(part)
    return shown


def test_docs_name_only_commands_and_options_the_cli_has() -> None:
    """Every `backchannel COMMAND ... --option` the README, docs/ and the evaluation sets' README
    show names a command there is and options it takes, so a renamed or dropped option cannot
    stay in the manual (checked on 4 December: none does)."""
    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    pages.append(root / "tests" / "data" / "README.md")
    commands = dict(_leaves(build_parser()))
    wrong, seen = [], 0
    for page in pages:
        for shown in _commands_shown(page.read_text(encoding="utf-8")):
            words = shown.split()[1:3]
            name = " ".join(words) if " ".join(words) in commands else words[0]
            if name not in commands:
                wrong.append(f"{page.name}: {shown}")
                continue
            options = {o for a in commands[name]._actions for o in a.option_strings}
            wrong += [
                f"{page.name}: {shown}: {flag}"
                for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", shown)
                if flag not in options
            ]
            seen += 1
    assert wrong == []
    assert seen >= 40


def test_readme_using_it_in_class_starts_a_server_students_reach() -> None:
    """Step 1 tells a teacher how students on other machines reach the server, by address and
    by name, with `serve`'s own options (before, it named `--host 0.0.0.0` alone: a page opened
    by a machine's name loaded but its WebSocket was refused, 403)."""
    step = " ".join(README.split("\n1. Start the server")[1].split("\n2. ")[0].split())
    serve = dict(_leaves(build_parser()))["serve"]
    options = {o for a in serve._actions for o in a.option_strings}
    named = re.findall(r"`(--[a-z-]+)", step)
    assert named == ["--host", "--allowed-host", "--allowed-host", "--trusted-proxy"]
    assert set(named) <= options
    assert "a page opened by a name not allowed loads but cannot connect" in step


def test_readme_pins_the_torch_ci_installs() -> None:
    """The install command's torch is the one `.ci/run` installs and pyproject allows."""
    root = Path(__file__).resolve().parents[1]
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    pinned = re.findall(r"torch==([\d.]+)", ci)
    assert pinned and set(re.findall(r"pip install torch==([\d.]+) -e \.", README)) == {pinned[0]}
    from packaging.requirements import Requirement

    project = (root / "pyproject.toml").read_text(encoding="utf-8")
    torch = Requirement(re.findall(r'"(torch[^"]*)"', project)[0])
    assert torch.specifier.contains(pinned[0])


def test_readme_two_commands_say_where_students_and_teachers_go() -> None:
    """Right after the command that starts it, a teacher reads which page is the students' and
    which is theirs, pages the server serves (before, the addresses came only in step 3 and 4
    of *Using it in class*, far below)."""
    section = README.split("\n## Two commands\n")[1].split("\nRun the tests")[0]
    assert "Students use the page at `/`; yours is `/instructor.html`" in section
    assert "`backchannel instructor add`" in section
    web = Path(__file__).resolve().parents[1] / "web"
    assert (web / "index.html").is_file() and (web / "instructor.html").is_file()


def test_ask_reads_an_index_with_its_own_model_whatever_the_setting(
    fixture_index_dir: Path, monkeypatch, capsys
) -> None:
    """As the README says under *Configuration* (before, it said `ask` and `eval` refuse another
    model, though they take none: a model named in BACKCHANNEL_MODEL, even one not installed,
    leaves the index's own in use)."""
    import json

    from server.cli import main

    said = " ".join(README.split())
    assert (
        "`ask` and `eval` load an existing index's); `ask` and `eval` refuse another backend"
        in (said)
    )
    monkeypatch.setenv("BACKCHANNEL_MODEL", "no-such-model-installed")
    line = "The Chinese will protest."
    assert main(["ask", line, "--index", str(fixture_index_dir), "--json", "--k", "1"]) == 0
    answer = json.loads(capsys.readouterr().out)
    first = answer["matches"][0]
    assert (answer["status"], first["prompt"]["text"]) == ("match", line)
    assert (first["citation"]["document"], first["prompt"]["turn"]) == ("frus1969-76v39/d107", 52)


def test_every_argument_of_every_command_says_what_it_takes() -> None:
    """`--help` said nothing under `ask`'s LINE, `eval`'s FILE.jsonl|FILE.json and the NAME of
    `instructor add`, `classes` and `token` (`add`'s NAME has rules: one line, at most 100
    characters, the name colleagues type to share a class)."""
    silent = [
        f"{command} {action.metavar or action.dest}"
        for command, parser in _leaves(build_parser())
        for action in parser._actions
        if not action.help
    ]
    assert silent == []
    add = dict(_leaves(build_parser()))["instructor add"]
    (name,) = [a for a in add._actions if a.dest == "name"]
    assert name.help == (
        "The name colleagues see and type to share a class with them (one line, at most 100 "
        'characters), e.g. "Prof. Lee".'
    )


def test_readme_says_how_to_upgrade_with_the_commands_it_runs_with() -> None:
    """An IT person upgrading found nothing in the README on what a new version does to the
    sessions, the index and the tokens, or how to go back. The section's command is the one
    *Two commands* installs and starts with, and what it quotes is what the pages and the
    migrations say."""
    root = Path(__file__).resolve().parents[1]
    section = README.split("\n## Upgrading\n")[1].split("\n## ")[0]
    two = README.split("\n## Two commands\n")[1].split("\n## ")[0]
    command = "pip install torch==2.13.0 -e . && backchannel serve"
    assert f"```sh\n{command}\n```" in section and f"```sh\n{command}\n```" in two
    said = " ".join(section.split())
    assert '"The connection is lost; reconnecting…"' in said
    assert "The connection is lost; reconnecting…" in (
        root / "web" / "js" / "reconnect.js"
    ).read_text(encoding="utf-8")
    assert '"The database … was written by a newer Backchannel")' in said
    for module in ("sqlite_migrations.py", "postgres_migrations.py"):
        code = " ".join((root / "server" / module).read_text(encoding="utf-8").split())
        assert "was written by a newer Backchannel" in code


def test_deploy_unit_runs_what_the_page_installs_as_the_user_it_adds() -> None:
    """docs/deploy.md's systemd unit ran /usr/local/bin/backchannel as User=backchannel with
    BACKCHANNEL_DATA=/var/lib/backchannel, and its steps made none of the three: a `pip install`
    on Debian 12's Python is refused outside a virtual environment, no step added the user
    (systemd: status=217/USER), and nothing made the data directory that user could write
    ("Cannot create the data directory /var/lib/backchannel: Permission denied")."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").read_text(encoding="utf-8")
    hosts = page.split("\n## 2. The app hosts\n")[1].split("\n## ")[0]
    install = hosts.split("```sh\n")[1].split("```")[0].splitlines()
    checkout = install[0].removeprefix("cd ")
    assert install[1:3] == [
        "sudo python3 -m venv venv",
        "sudo venv/bin/pip install torch==2.13.0 -e .",
    ]
    assert "pip install torch==2.13.0 -e . && backchannel serve" in README  # as the README's
    user = re.fullmatch(r"sudo useradd --system --home-dir (\S+) .* (\w+)", install[3])
    assert user is not None
    unit = dict(
        line.split("=", 1)
        for line in hosts.split("```ini\n")[1].split("```")[0].splitlines()
        if "=" in line and not line.startswith(("#", "Environment"))
    )
    assert unit["User"] == user.group(2) == "backchannel"
    assert f"Environment=BACKCHANNEL_DATA=/var/lib/{unit['StateDirectory']}\n" in hosts
    assert user.group(1) == f"/var/lib/{unit['StateDirectory']}"
    assert unit["ExecStart"].startswith(f"{checkout}/venv/bin/backchannel serve ")


def test_deploy_says_what_a_student_reads_while_postgresql_is_unreachable() -> None:
    """docs/deploy.md said such messages get an `internal` error; the store raises the
    retryable `database_busy`, whose words the student reads (PostgreSQL stopped under two
    processes, this session: "The session database is busy (out of reach for a moment)…")."""
    from server.store_refusals import database_busy

    page = (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").read_text(encoding="utf-8")
    bullet = " ".join(page.split("- **PostgreSQL is unreachable**: ")[1].split("\n- ")[0].split())
    busy = database_busy("out of reach for a moment")
    assert bullet.startswith(f"messages that need it get a `{busy.code}` error, which the student")
    assert f'("{busy.message}")' in bullet


def test_readme_says_where_pip_is_refused_outside_a_virtual_environment() -> None:
    """Debian 12, deploy.md's own platform, refuses `pip install` into its Python outside a
    virtual environment ("externally-managed-environment"): the Two commands' first command
    failed there, and nothing in the README said what to do."""
    two = " ".join(README.split("\n## Two commands\n")[1].split("\n## ")[0].split())
    assert '("error: externally-managed-environment": Debian 12' in two
    assert "`python3 -m venv .venv && . .venv/bin/activate`" in two


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_deploy_unit_keeps_a_percent_encoded_password(tmp_path: Path) -> None:
    """A password percent-encoded as docs/deploy.md asks (p%40ss), put in its unit's
    Environment= line as it is, was dropped by systemd ("Failed to resolve specifiers …,
    ignoring": %4 read as a specifier), the server then on a SQLite file of its own per host."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").read_text(encoding="utf-8")
    said = re.search(r"\(`p@ss`, `(\S+)` in the\s+URL, is `(\S+)` here\)", page)
    assert said is not None
    encoded, in_unit = said.groups()
    assert encoded == urllib.parse.quote("p@ss", safe="")
    line = next(x for x in page.splitlines() if x.startswith("Environment=BACKCHANNEL_DATABASE="))

    def dropped(password: str) -> bool:
        unit = tmp_path / "backchannel-check.service"
        unit.write_text(
            f"[Service]\n{line.replace('PASSWORD', password)}\nExecStart=/bin/true\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
        )
        return "Failed to resolve specifiers" in done.stderr + done.stdout

    assert dropped(encoded)
    assert not dropped(in_unit)


def test_readme_names_the_csv_columns_in_the_order_the_export_writes_them() -> None:
    """Step 4 of *Using it in class* names the CSV's columns it explains in the export's order,
    and the ones it says come last are last (before, it called `correction` the last column,
    though `unreadable` and `stored` were added after it)."""
    from server.export import CSV_COLUMNS

    step = " ".join(README.split("\n4. Open `/instructor.html`")[1].split("\n5. ")[0].split())
    csv = step.split("CSV (one row")[1].split(" JSON (everything")[0]
    named = [c for c in re.findall(r"`([a-z_]+)`", csv) if c in CSV_COLUMNS]
    assert named == sorted(named, key=CSV_COLUMNS.index)
    last = re.findall(r"`([a-z_]+)`", csv.split("; last, ")[1].split(":")[0])
    assert last == list(CSV_COLUMNS[-len(last) :])


def _pairs(text: str) -> dict[str, object]:
    """The `"key": value` pairs a README example shows (strings, numbers, lists), a string cut
    with "..." kept as shown."""
    import json

    found = re.findall(r'"(\w+)": ("[^"]*"|\d+|\[[^\]{}]*\])', text)
    return {key: value.strip('"') if "..." in value else json.loads(value) for key, value in found}


def test_readme_ask_example_is_what_ask_prints(fixture_index_dir: Path, capsys) -> None:
    """The *Command line* example, run as written (on the fixture index, which holds its
    conversation), prints every field and value the README shows of the answer, its first
    match's prompt, reply and citation (a text cut with "..." beginning as shown)."""
    import json
    import shlex

    from server.cli import main

    example = README.split("\n## Command line\n")[1].split("```console\n")[1].split("```")[0]
    command = shlex.split(example.splitlines()[0].removeprefix("$ "))
    assert command == ["backchannel", "ask", "Beijing will object.", "--json"]
    assert main([*command[1:], "--index", str(fixture_index_dir)]) == 0
    answer = json.loads(capsys.readouterr().out)
    shown = example.split("\n", 1)[1]
    parts = dict(re.findall(r'"(prompt|reply|citation)": \{([^{}]*)\}', shown))
    assert sorted(parts) == ["citation", "prompt", "reply"]
    top = re.sub(r'"(prompt|reply|citation)": \{[^{}]*\}', "", shown)
    checks = [(answer, _pairs(top))]
    checks += [(answer["matches"][0][part], _pairs(parts[part])) for part in parts]
    assert sum(len(pairs) for _, pairs in checks) >= 11
    for printed, pairs in checks:
        for key, value in pairs.items():
            if isinstance(value, str) and value.endswith("..."):
                assert str(printed[key]).startswith(value.removesuffix("...")), key
            else:
                assert printed[key] == value, key
