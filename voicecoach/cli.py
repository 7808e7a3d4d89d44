"""The command line: parse options, call one function of the library, print.

Machine-readable output goes to stdout; status and the spoken dialogue go to stderr. Errors are
one line on stderr and a non-zero exit (``--debug`` shows the traceback).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from voicecoach import __version__
from voicecoach.errors import InputError, StoreError, UnreadableStoreError, VoicecoachError


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush finds no broken pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class _Group(click.Group):
    def main(self, *args, **kwargs):
        """Click's main, with a usage error (a bad option, value or command) as one line on stderr, like every
        other error: "voicecoach: error: … (see 'voicecoach … --help')", exit 2."""
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # no command at all: the help itself
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "voicecoach"
            message = " ".join(exc.format_message().split())
            click.echo(f"voicecoach: error: {message} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except VoicecoachError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"voicecoach: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("voicecoach: stopped; everything said so far is saved", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # the reader went away (`voicecoach score --pairs … | head -1`): nothing to say and no one to say it
            # to; exit as a program killed by SIGPIPE does ("error: Broken pipe" was printed: exploratory testing)
            _quiet_stdout()
            sys.exit(141)
        except OSError as exc:  # disk full, permissions… outside the store's own checks
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"voicecoach: error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""),
                       err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="voicecoach")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """An offline voice coach for repairing a relationship after a difficult conversation.

    Practise listening without defending: hear the other person's words, reflect them back,
    own your part, validate the feeling, and commit to what you will do differently.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# ---------------------------------------------------------------------------- sessions
_OUTPUT_HELP = ("Where the coach speaks: the speakers, none (silence; the dialogue is still printed), or one WAV "
                "of everything said. Default: the speakers if there are any, otherwise speech is off.")


def _session_options(f):
    options = [
        click.option("--scenario", "scenario_id", metavar="ID", help="A built-in scenario (see `scenarios list`)."),
        click.option("--statement", metavar="TEXT", help="Practise on the other person's words, as you remember them."),
        click.option("--input", "input_", default="mic", show_default=True, metavar="mic|PATH.wav",
                     help="Where your voice comes from: the microphone, or a WAV standing in for it."),
        click.option("--text", is_flag=True, help="Type answers on stdin, one line per answer."),
        click.option("--output", default=None, metavar="speaker|none|PATH.wav", help=_OUTPUT_HELP),
        click.option("--engine", type=click.Choice(["auto", "vosk", "sphinx"]), default="auto", show_default=True,
                     help="Speech recogniser (auto: Vosk when an English model is installed)."),
        click.option("--model", metavar="DIR|NAME", help="Vosk model folder or installed model name."),
        click.option("--mic", metavar="NAME|INDEX", help="Input device (see `voicecoach devices`)."),
        click.option("--max-attempts", type=click.IntRange(1, 10), default=3, show_default=True,
                     help="Tries at the reflection before the coach models one."),
        click.option("--keep-audio/--no-keep-audio", default=True, show_default=True,
                     help="Keep a clip of you saying each commitment (for --own-voice replay)."),
        click.option("--with", "with_name", metavar="NAME", help="Who the conversation is with (stored with commitments)."),
        click.option("--relationship", type=click.Choice(["partner", "colleague", "business-partner", "client", "friend",
                                                          "family"]), help="Your relationship to them."),
        click.option("--partner", is_flag=True, help="Partner mode: two people, one device, taking turns."),
        click.option("--names", default="Partner A,Partner B", show_default=True, metavar="A,B",
                     help="Partner mode: the two names."),
        click.option("--rate", type=click.IntRange(80, 300), help="Speaking rate in words per minute."),
        click.option("--voice", metavar="NAME", help="The coach's voice (see `voicecoach voices`)."),
        click.option("--other-voice", metavar="NAME", help="The other person's voice (see `voicecoach voices`)."),
        click.option("--earcons/--no-earcons", default=None, help="Tones when the coach starts and stops listening."),
        click.option("--barge-in/--no-barge-in", default=None,
                     help="Say stop or pause over the coach to cut it short (default: on in walk)."),
        click.option("--seed", type=int, hidden=True),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _voice_settings(settings, voice: str | None, other_voice: str | None, rate: int | None = None):
    """``settings`` with the chosen voices (as given, else installed defaults) and rate; starts loading
    a Piper voice in the background at once, so it is ready by the first prompt."""
    from dataclasses import replace

    from voicecoach.runner import chosen_voices
    from voicecoach.tts import preload_voices

    coach, other = chosen_voices(voice, other_voice)
    preload_voices(coach, other)
    speak = replace(settings.speak, coach_voice=coach, other_voice=other)
    if rate:
        speak = replace(speak, rate_wpm=rate)
    return replace(settings, speak=speak)


def _run(mode: str, **kw) -> None:
    from voicecoach.config import Settings
    from voicecoach.runner import IOOptions, run_session
    from voicecoach.session import SessionOptions

    if kw["scenario_id"] and kw["statement"]:
        raise InputError("give --scenario or --statement, not both")
    if kw["statement"] is not None and not kw["statement"].strip():
        raise InputError("the statement is empty")
    if kw["with_name"] is not None and not kw["with_name"].strip():
        raise InputError("--with is empty: give the name of who the conversation is with")
    if kw["text"] and kw["input_"] not in ("mic", None):
        raise InputError("give --text or --input, not both")
    if not kw["partner"] and kw["names"] != "Partner A,Partner B":
        # (a solo session started without a word: exploratory testing, stop 43)
        raise InputError("--names is for partner mode: add --partner, or give --with NAME for a solo session")
    names = tuple(n.strip() for n in kw["names"].split(","))
    if len(names) != 2 or not all(names):
        raise InputError("--names takes two names separated by a comma, e.g. --names Sam,Alex")
    if kw["partner"] and names[0].casefold() == names[1].casefold():
        raise InputError("--names takes two different names, e.g. --names Sam,Alex")
    if kw["partner"]:
        # (each was dropped without a word: exploratory testing, stop 42)
        ignored = [opt for opt, key in (("--scenario", "scenario_id"), ("--statement", "statement"),
                                        ("--with", "with_name")) if kw[key]]
        if ignored:
            raise InputError(f"{', '.join(ignored)} cannot be used with --partner: each partner says their own "
                             "words, to the other")
    settings = _voice_settings(Settings(max_attempts=kw["max_attempts"], keep_audio=kw["keep_audio"]),
                               kw["voice"], kw["other_voice"], kw["rate"])
    earcons = kw["earcons"] if kw["earcons"] is not None else (mode == "walk" or not kw["text"])
    options = SessionOptions(
        mode="partner" if kw["partner"] else mode,
        scenario_id=kw["scenario_id"],
        statement=kw["statement"],
        relationship=kw["relationship"],
        with_name=kw["with_name"],
        names=names,
        earcons=earcons and not kw["text"],
        barge_in=kw["barge_in"] if kw["barge_in"] is not None else mode == "walk",
        seed=kw["seed"],
    )
    io = IOOptions(input=kw["input_"], text=kw["text"], output=kw["output"], engine=kw["engine"], model=kw["model"],
                   mic=kw["mic"])
    result = run_session(options, io, settings)
    if result.session_id is None:
        click.echo("stopped before the session began; nothing to save", err=True)
    else:
        click.echo(f"session {result.session_id} {result.status}; {len(result.commitments)} commitment(s) saved",
                   err=True)


@cli.command()
@_session_options
def practice(**kw) -> None:
    """Speak through a practice session at your desk."""
    _run("practice", **kw)


@cli.command()
@_session_options
def walk(**kw) -> None:
    """A hands-free session for a walk: voice commands, earcons, no keyboard.

    Say "help" at any prompt to hear the commands: say that again, slower, faster, skip,
    pause … continue, play my commitments, how am I doing, stop.
    """
    _run("walk", **kw)


@cli.command()
@click.option("--input", "input_", default="mic", show_default=True, metavar="mic|PATH.wav")
@click.option("--text", is_flag=True, help="Type answers on stdin.")
@click.option("--output", default=None, metavar="speaker|none|PATH.wav", help=_OUTPUT_HELP)
@click.option("--engine", type=click.Choice(["auto", "vosk", "sphinx"]), default="auto", show_default=True)
@click.option("--model", metavar="DIR|NAME")
@click.option("--mic", metavar="NAME|INDEX")
@click.option("--voice", metavar="NAME", help="The coach's voice (see `voicecoach voices`).")
@click.option("--other-voice", metavar="NAME", help="The other person's voice (see `voicecoach voices`).")
def checkin(input_, text, output, engine, model, mic, voice, other_voice) -> None:
    """Hands-free follow-through: for each commitment that is due, did you keep it?"""
    from voicecoach.config import Settings
    from voicecoach.runner import IOOptions, run_session
    from voicecoach.session import SessionOptions

    settings = _voice_settings(Settings(), voice, other_voice)
    io = IOOptions(input=input_, text=text, output=output, engine=engine, model=model, mic=mic)
    result = run_session(SessionOptions(mode="checkin", earcons=not text), io, settings)
    if result.session_id is None:
        click.echo("check-in: nothing to ask, nothing recorded", err=True)
    else:
        click.echo(f"check-in {result.session_id} {result.status}", err=True)


# ---------------------------------------------------------------------------- one-shot tools
@cli.command()
@click.option("--statement", metavar="TEXT", help="What the other person said.")
@click.option("--reflection", metavar="TEXT", help="Your reflection of it.")
@click.option("--pairs", "pairs_file", metavar="FILE",
              help="Score many pairs: CSV or TSV with statement and reflection columns, or JSON lines.")
@click.option("--feeling", metavar="WORD", help="The feeling the statement carries, if known.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with --pairs: one object per line).")
def score(statement, reflection, pairs_file, feeling, as_json) -> None:
    """Score a reflection: accurate, partial, missed or defensive.

    The score is the calibrated probability (0..1) that the reply is a good reflection.
    """
    if pairs_file is not None:
        if statement is not None or reflection is not None:
            raise InputError("give either --pairs FILE or --statement and --reflection, not both")
        _score_pairs(pairs_file, feeling, as_json)
        return
    if statement is None or reflection is None:
        raise InputError("give --statement and --reflection (or --pairs FILE)")
    from voicecoach.coach.pairs import check_length
    from voicecoach.coach.scorer import score_reflection

    if not statement.strip():
        raise InputError("the statement is empty")
    check_length(statement, "statement")
    check_length(reflection, "reflection")
    _note_unknown_feeling(feeling)
    result = score_reflection(statement, reflection, feeling)
    if as_json:
        _echo_json(result.to_dict())
    else:
        click.echo(f"{result.verdict} ({result.score:.2f}): {result.feedback}")


def _note_unknown_feeling(feeling: str | None) -> None:
    """Say on stderr when ``--feeling`` names no feeling the coach knows (the hint then changes nothing)."""
    from voicecoach.coach.scorer import family_of

    if feeling and feeling.strip() and family_of(feeling) is None:
        click.echo(f"{feeling!r} is not a feeling the coach knows; scored without that hint", err=True)


def _score_pairs(path: str, feeling: str | None, as_json: bool) -> None:
    from voicecoach.coach.pairs import PairsSummary, score_pairs

    summary = PairsSummary()
    for number, result in enumerate(score_pairs(path, feeling, summary), start=1):
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False))
        elif "error" in result:
            click.echo(f"{number}\terror: {result['error']}")
        else:
            click.echo(f"{number}\t{result['verdict']} ({result['score']:.2f}): {result['feedback']}")
    bad = f", {summary.errors} could not be scored" if summary.errors else ""
    click.echo(f"scored {summary.rows - summary.errors} of {summary.rows} pairs{bad}", err=True)
    if summary.unknown_feelings:
        (row, hint), n = summary.unknown_feelings[0], len(summary.unknown_feelings)
        click.echo(f"{n} row(s) named a feeling the coach does not know (first: row {row}, {hint!r}); "
                   "they were scored without that hint", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--engine", type=click.Choice(["auto", "vosk", "sphinx"]), default="auto", show_default=True)
@click.option("--model", metavar="DIR|NAME", help="Vosk model folder or installed model name.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per file.")
def transcribe(files, engine, model, as_json) -> None:
    """Transcribe WAV files (the model is loaded once for all of them)."""
    from voicecoach.runner import transcribe_files

    results = transcribe_files(list(files), engine, model)
    if as_json:
        _echo_json(results)
    else:
        for item in results:
            click.echo(f"{item['file']}: {item['text']}")


# ---------------------------------------------------------------------------- commitments
@cli.group()
def commitments() -> None:
    """What you committed to do differently: list, replay, check off, export."""


def _store():
    from voicecoach.runner import open_store

    return open_store()


@commitments.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.option("--all", "include_all", is_flag=True, help="Include done and dropped ones.")
@click.option("--since", metavar="DATE", help="Only those made on or after YYYY-MM-DD.")
def commitments_list(as_json, include_all, since) -> None:
    """List open commitments (with --all, every one), with due dates and follow-through."""
    with _store() as store:
        items = store.list_commitments(include_all=include_all, since=_parse_date(since))
        ft = store.follow_through()
    if as_json:
        _echo_json(items)
        return
    if not items:
        if since:  # (not "yet": there may be some from before; exploratory testing, stop 42)
            click.echo(f"No {'' if include_all else 'open '}commitments made since {since}.")
        else:
            click.echo("No commitments yet." if include_all else "No open commitments.")
    for c in items:
        due = c.get("checkin_at") or "-"
        mark = {"done": "x", "dropped": "-"}.get(c["status"], " ")
        person = f"{c['person']}'s, " if c.get("person") else ""  # partner mode: whose it is
        who = f" ({person}with {c['with_name']})" if c.get("with_name") else ""
        click.echo(f"[{mark}] {c['id']:>3}  {c['status']:<7} due {due}  {c['text']}{who}")
    if ft.get("rate") is not None:
        # the figure is over every commitment; with --since it says so (it read as the list's own figure:
        # exploratory testing, stop 43)
        scope = " (all commitments, not only these)" if since else ""
        click.echo(f"Follow-through: {ft['done']} of {ft['due']} due kept ({ft['rate']:.0%}){scope}.")


@commitments.command("replay")
@click.argument("ids", nargs=-1, type=int)
@click.option("--own-voice", is_flag=True, help="Play your own recorded words where they were kept.")
@click.option("--to", metavar="PATH.wav|none|speaker",
              help="Write the replay to a WAV instead of the speakers (none: print only; default: the "
                   "speakers if there are any, otherwise print only).")
@click.option("--voice", metavar="NAME", help="The coach's voice (see `voicecoach voices`).")
def commitments_replay(ids, own_voice, to, voice) -> None:
    """Speak your open commitments (or the ones given) before you meet again."""
    from voicecoach.config import Settings
    from voicecoach.runner import replay_commitments

    done = replay_commitments(list(ids) or None, own_voice=own_voice, to=to,
                              settings=_voice_settings(Settings(), voice, None))
    if done.spoken:
        click.echo(f"played {done.count} commitment(s)", err=True)
    else:
        click.echo(f"printed {done.count} commitment(s) (speech is off)", err=True)


@commitments.command("done")
@click.argument("commitment_id", type=int)
@click.option("--note", metavar="TEXT", help="How it went.")
def commitments_done(commitment_id, note) -> None:
    """Mark a commitment as kept."""
    with _store() as store:
        if store.get_commitment(commitment_id)["status"] == "done":
            # done again: no second check-in, which counted as another commitment kept in a row, and the
            # date it was kept stays (exploratory testing, stop 42)
            if note and note.strip():
                store.add_note(commitment_id, note)
                click.echo(f"commitment {commitment_id} was already done; note added", err=True)
            else:
                click.echo(f"commitment {commitment_id} is already done", err=True)
            return
        store.set_status(commitment_id, "done", note=note, result="yes")
    click.echo(f"commitment {commitment_id} marked done", err=True)


@commitments.command("drop")
@click.argument("commitment_id", type=int)
@click.option("--note", metavar="TEXT", help="Why it is dropped.")
def commitments_drop(commitment_id, note) -> None:
    """Drop a commitment you no longer hold to."""
    with _store() as store:
        was = store.get_commitment(commitment_id)["status"]
        if was == "dropped" and not note:
            click.echo(f"commitment {commitment_id} was already dropped", err=True)
            return
        store.set_status(commitment_id, "dropped", note=note)
    click.echo(f"commitment {commitment_id} dropped" + (" (it was marked done)" if was == "done" else ""), err=True)


@commitments.command("forget")
@click.argument("commitment_id", type=int)
def commitments_forget(commitment_id) -> None:
    """Delete a commitment, its notes and its audio clip."""
    with _store() as store:
        owner = store.get_commitment(commitment_id)["session_id"]
        if owner in store.running_elsewhere():
            # its session would write the words back into its note and summary at its close (exploratory
            # testing, stop 43), as `forget --commitment` already refuses
            raise InputError(f"session {owner} is still running; end it (say stop, or Ctrl-C) and forget it then")
        gone = store.forget_commitment(commitment_id)
    # "with its audio" only when there was a recording ("commitment 2 deleted, with its audio" of a typed one:
    # exploratory testing, stop 43)
    click.echo(f"commitment {commitment_id} deleted" + (", with its audio" if gone.get("files") else ""), err=True)


@commitments.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "md", "ics"]), required=True)
@click.option("-o", "--output", metavar="PATH", help="Write to a file instead of stdout.")
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="Put done and dropped ones on the calendar too (ics), as completed and cancelled to-dos; "
    "json, csv and md always hold every commitment with its status.",
)
def commitments_export(fmt, output, include_all) -> None:
    """Export commitments as JSON, CSV, Markdown or an iCalendar file of check-in to-dos."""
    from voicecoach.store.export import export_commitments, write_export

    with _store() as store:
        items = store.list_commitments(include_all=include_all or fmt != "ics")
    data = export_commitments(items, fmt, closed=include_all)
    if output == "-":  # the usual name of standard output (a file called "-" was written: exploratory testing)
        output = None
    if output:
        write_export(data, Path(output))
        click.echo(f"wrote {len(items)} commitment(s) to {output}", err=True)
    else:
        click.echo(data.decode("utf-8") if isinstance(data, bytes) else data, nl=False)


# ---------------------------------------------------------------------------- history, notes, progress
@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--since", metavar="DATE")
def history(as_json, since) -> None:
    """Every session: each turn and voice command, as it happened."""
    with _store() as store:
        sessions = store.history(since=_parse_date(since))
    if as_json:
        _echo_json(sessions)
        return
    if not sessions:
        click.echo(f"No sessions since {since}." if since else "No sessions yet.")
    for s in sessions:
        about = s.get("statement") or (s.get("with_name") if s["mode"] == "partner" else "") or ""
        click.echo(f"#{s['id']} {s['started_at']} {s['mode']} {s['status']}: {about}")
        for t in s["turns"]:
            verdict = f" [{t['verdict']}]" if t.get("verdict") else ""
            timing = t.get("timing")
            gap = ""
            if timing and timing.get("reply_ms") is not None:
                gap = f"  (reply after {(timing['end_of_turn_ms'] + timing['reply_ms']) / 1000:.1f} s"
                gap += ", went on after a pause)" if timing.get("resumed") else ")"
            who = f" ({t['speaker']})" if t.get("speaker") else ""  # (partner mode: whose turn it was)
            details = t.get("details") if isinstance(t.get("details"), dict) else {}
            if t["step"] == "commitment" and "confirmed" in details and details.get("confirmed") != "yes":
                # one refused, or never confirmed, read like one saved (exploratory testing, stop 43)
                verdict = " [not saved]"
            click.echo(f"    {t['step']}{verdict}{who}: {t['text']}{gap}")


@cli.command()
@click.argument("session_id", type=int, required=False)
def note(session_id) -> None:
    """Print the follow-up note drafted at the end of a session (default: the latest)."""
    with _store() as store:
        if session_id is None:
            sessions = store.history()
            with_notes = [s for s in sessions if s.get("note")]
            if not with_notes:
                raise InputError("no session has a follow-up note yet; a solo practice session drafts one at "
                                 "its close")
            session = with_notes[-1]
            if sessions and sessions[-1]["id"] != session["id"]:
                # an older session's note, printed as if it were the latest's (exploratory testing, stop 43)
                click.echo(f"(the note of session {session['id']}, {session['started_at'][:10]}: the latest "
                           f"session, {sessions[-1]['id']}, has none)", err=True)
        else:
            session = store.get_session(session_id)
    if not session.get("note"):
        why = {"partner": "a partner session drafts none", "checkin": "a check-in drafts none"}.get(
            session.get("mode"), "it ended before the closing, or drafted none")
        raise InputError(f"session {session['id']} has no follow-up note ({why})")
    click.echo(session["note"])


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--since", metavar="DATE")
@click.option("--chart", metavar="PATH.png|PATH.svg", help="Also draw the progress chart to an image.")
def progress(as_json, since, chart) -> None:
    """How your listening and follow-through change over time."""
    from voicecoach import progress as prog

    with _store() as store:
        data = prog.compute_progress(store, since=_parse_date(since))
    if chart:
        from voicecoach.config import refuse_data_file

        refuse_data_file(chart, "--chart")
        prog.write_chart(data, Path(chart))
        click.echo(f"chart written to {chart}", err=True)
    if as_json:
        _echo_json(data)
    else:
        prog.render_terminal(data)


@cli.command()
@click.option("--session", "session_id", type=int, help="Delete one session (turns, events, its commitments, audio).")
@click.option("--commitment", "commitment_id", type=int, help="Delete one commitment and its audio.")
@click.option("--everything", is_flag=True, help="Delete all sessions, commitments and audio clips.")
@click.option(
    "--yes", is_flag=True, help="Delete everything without asking (--session and --commitment never ask)."
)
def forget(session_id, commitment_id, everything, yes) -> None:
    """Delete a session, a commitment, or everything, audio included."""
    chosen = sum(x is not None and x is not False for x in (session_id, commitment_id, everything or None))
    if chosen != 1:
        raise InputError("give exactly one of --session ID, --commitment ID, --everything")
    if everything and not yes and not click.confirm("Delete every session, commitment and audio clip?", err=True):
        raise InputError("nothing deleted")
    if everything:
        try:
            _store().close()
        except UnreadableStoreError:
            _erase_unreadable()  # asked to delete everything: an unreadable database goes too
            return
    with _store() as store:
        # a session still running in another process would go on writing to what was deleted, and fail
        # ("no session with id 1", its last answer lost: exploratory testing, stop 42)
        running = store.running_elsewhere()
        owner = store.get_commitment(commitment_id)["session_id"] if commitment_id is not None else None
        busy = [n for n in running if everything or n in (session_id, owner)]
        if busy:
            raise InputError(f"session {busy[0]} is still running; end it (say stop, or Ctrl-C) and forget it then")
        if session_id is not None:
            store.forget_session(session_id)
            what = f"session {session_id}"
        elif commitment_id is not None:
            store.forget_commitment(commitment_id)
            what = f"commitment {commitment_id}"
        else:
            store.forget_all()
            what = "everything"
    click.echo(f"deleted {what}", err=True)


def _erase_unreadable() -> None:
    """``forget --everything`` on a database that cannot be read: its files and the clips are deleted, as
    asked (the error told the user to move it aside, keeping everything: exploratory testing, stop 43)."""
    import shutil

    from voicecoach import config

    home = config.home_dir(create=False)
    db = home / "voicecoach.db"
    try:
        for path in (db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))):
            if path.is_file():
                path.unlink()
    except OSError as err:
        raise StoreError(f"cannot delete {db}: {err.strerror or err}") from None
    clips = home / "clips"
    if clips.is_dir() and not clips.is_symlink():
        shutil.rmtree(clips, ignore_errors=True)
    click.echo("deleted everything (the database could not be read; its file was deleted unread)", err=True)


@cli.group()
def scenarios() -> None:
    """Built-in practice scenarios."""


@scenarios.command("list")
@click.option("--json", "as_json", is_flag=True)
def scenarios_list(as_json) -> None:
    """List the built-in scenarios."""
    from voicecoach.coach.scenarios import load_scenarios

    items = load_scenarios()
    if as_json:
        _echo_json([s.to_dict() for s in items])
        return
    for s in items:
        click.echo(f"{s.id:<24} {s.relationship:<17} {s.title}")


# ---------------------------------------------------------------------------- models, devices, health
@cli.group()
def model() -> None:
    """Speech models: list, download, install."""


@model.command("list")
@click.option("--json", "as_json", is_flag=True)
def model_list(as_json) -> None:
    """Installed Vosk models, then the English ones you can download, with their published
    word error rates and sizes (alphacephei.com/vosk/models)."""
    from voicecoach.asr.models import DEFAULT_MODEL, list_models

    items = list_models()
    if as_json:
        _echo_json(items)
        return
    offered = [m for m in items if not m.get("installed", True)]
    for m in items:
        if m.get("installed", True):
            mark = "*" if m.get("default") else " "
            click.echo(f"{mark} {m['name']:<34} {m.get('lang') or '?':<6} {m.get('size_mb', 0):>7.1f} MB  {m['path']}")
    if offered:
        click.echo("Not installed (word error rate %, as published; lower is better):")
    for m in offered:
        command = "voicecoach model download" + ("" if m["name"] == DEFAULT_MODEL.name else f" {m['name']}")
        check = "checksum pinned" if m.get("sha256") else "no published checksum: give --sha256"
        if not m.get("sha256"):  # the command shown must run as shown (it failed without it: stop 43)
            command += " --sha256 HEX"
        click.echo(f"  {m['name']:<34} {m.get('published_size') or '?':>5}  WER {m.get('wer') or '?'}")
        click.echo(f"  {'':<34} {'':>5}  {m.get('licence') or ''}, {check}: `{command}`")
    click.echo("PocketSphinx's English model is built in (--engine sphinx).")


@model.command("download")
@click.argument("name", required=False)
@click.option("--url", help="Download another model zip from this address.")
@click.option("--sha256", metavar="HEX",
              help="Its SHA-256, checked before unpacking (required with --url, and for a model with no "
                   "published checksum).")
def model_download(name, url, sha256) -> None:
    """Download, verify and install a Vosk model (default: the small English one).

    A download cut short (network gone, Ctrl-C) is kept: run the same command again to continue it.
    """
    from voicecoach.asr.models import download_model

    try:
        path = download_model(url=url, sha256=sha256, name=name, progress=True)
    except KeyboardInterrupt:
        click.echo("voicecoach: download interrupted; run the same command again to continue where it stopped",
                   err=True)
        sys.exit(130)
    click.echo(_installed_line(path), err=True)


@model.command("ensure")
@click.option("--check-timeout", type=click.FloatRange(0.1, 30), default=2.0, show_default=True, metavar="SECONDS",
              help="How long to wait to learn whether the model's server can be reached.")
def model_ensure(check_timeout) -> None:
    """What the first run does: if no English Vosk model is installed and alphacephei.com answers
    within --check-timeout, fetch the small English one (pinned checksum, resumable); offline,
    say so and leave PocketSphinx to listen. Always exits 0. VOICECOACH_NO_DOWNLOAD=1 skips it."""
    from voicecoach.asr.models import ensure_default_model

    try:
        ensure_default_model(check_timeout_s=check_timeout, progress=True)
    except KeyboardInterrupt:
        click.echo("voicecoach: model download skipped for now (Ctrl-C); PocketSphinx listens this time, "
                   "the next run continues the download", err=True)


@model.command("install")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--name", help="Install under this name.")
def model_install(path, name) -> None:
    """Install a model zip or folder already on disk (e.g. from a USB stick)."""
    from voicecoach.asr.models import install_model

    if not path.exists():
        raise InputError(f"no such file or folder: {path}")
    out = install_model(path, name)
    click.echo(_installed_line(out), err=True)


def _installed_line(out: Path) -> str:
    """What an install says: a model that is not English is not the one a session listens with (it said
    "it is now the default" for Korean, which the sessions then left alone: exploratory testing, stop 42)."""
    from voicecoach.asr.models import model_language

    lang = model_language(out)
    if lang and not lang.startswith("en"):
        return (f"installed {out.name} at {out}; its language ({lang}) is not English, so sessions go on "
                f"listening in English; use it with --engine vosk --model {out.name}")
    return f"installed {out.name} at {out}; it is now the default"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per voice.")
def voices(as_json) -> None:
    """Voices the coach and the other person can use (--voice, --other-voice), with engine and licence."""
    from voicecoach.tts.catalogue import list_voices

    items = list_voices()
    if as_json:
        _echo_json(items)
        return
    for v in items:
        roles = ",".join(v["default_for"])
        mark = f"[{roles}]" if roles else ""
        if v["installed"]:
            rate = f"{v['sample_rate_hz']} Hz" if v.get("sample_rate_hz") else ""
            click.echo(f"{mark:>14} {v['name']:<30} {v['engine']:<9} {v.get('language') or '':<7} {rate:>9}  "
                       f"{v['licence']}")
        else:
            click.echo(f"{mark:>14} {v['name']:<30} {v['engine']:<9} {v.get('language') or '':<7} "
                       f"{'':>9}  not installed ({v['size_mb']:.0f} MB): `voicecoach voice download {v['name']}`; "
                       f"{v['licence']}")
    click.echo("Any espeak-ng voice takes a variant: NAME+VARIANT (e.g. gmw/en-gb-x-rp+klatt4).", err=True)


@cli.group()
def voice() -> None:
    """Natural (Piper) voices: download one with a pinned checksum, or install one from disk."""


_FOR = click.Choice(["coach", "other", "none"])


@voice.command("download")
@click.argument("name")
@click.option("--for", "role", type=_FOR, default="coach", show_default=True,
              help="Make it the default voice of the coach, of the other person, or neither.")
def voice_download(name, role) -> None:
    """Download a Piper voice from Piper's official releases, check every file's SHA-256, install it."""
    from voicecoach.tts.voices import download_voice

    v = download_voice(name, progress=True, default_for=None if role == "none" else role)
    click.echo(f"installed {v.name} at {Path(v.path).parent}" + ("" if role == "none" else f"; the {role}'s voice now"),
               err=True)
    click.echo(f"licence: {v.licence}", err=True)


@voice.command("install")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--name", help="Install under this name.")
@click.option("--for", "role", type=_FOR, default="coach", show_default=True,
              help="Make it the default voice of the coach, of the other person, or neither.")
def voice_install(path, name, role) -> None:
    """Install a Piper voice from disk: an .onnx with its .onnx.json beside it, or a folder holding them."""
    from voicecoach.tts.voices import install_voice

    v = install_voice(path, name, default_for=None if role == "none" else role)
    click.echo(f"installed {v.name} at {Path(v.path).parent}" + ("" if role == "none" else f"; the {role}'s voice now"),
               err=True)
    click.echo(f"licence: {v.licence}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
def devices(as_json) -> None:
    """List audio devices (for --mic)."""
    from voicecoach.audio.devices import list_devices

    items = list_devices()
    if as_json:
        _echo_json([d.to_dict() for d in items])
        return
    if not items:
        click.echo("No audio devices found.")
    for d in items:
        flags = ("in" if d.inputs else "  ") + ("/out" if d.outputs else "")
        default = " (default input)" if d.is_default_input else ""
        click.echo(f"{d.index:>3}  {flags:<6} {d.default_rate_hz:>6} Hz  {d.name}{default}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
def doctor(as_json) -> None:
    """Check each part a session needs, and say what to do about any that fails."""
    from voicecoach.doctor import run_checks

    checks = run_checks()
    if as_json:
        _echo_json(checks)
    else:
        for c in checks:
            mark = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}[c["status"]]
            click.echo(f"[{mark}] {c['name']}: {c['detail']}")
            if c["status"] != "ok" and c.get("fix"):
                click.echo(f"       → {c['fix']}")
    if any(c["status"] == "fail" for c in checks):
        sys.exit(1)


def main() -> None:
    cli(prog_name="voicecoach")


if __name__ == "__main__":  # pragma: no cover
    main()
