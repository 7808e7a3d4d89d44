"""The spoken exercises, step by step (METHOD.md; CLI.md's solo order).

Each flow is a function of a running ``Coach``: it speaks prompts, asks, scores with the pure
logic in ``voicecoach.coach`` and records every turn as it happens. ``skip`` moves on to the next
step; ``stop`` and the end of the input end the session with everything kept.

An answer is judged and replied to inside ``coach.respond(heard, judge)``: if the person goes on
talking just after the coach began its reply, the coach stops and ``judge`` runs again on the
whole answer. So a judge only stores (``coach.turn(..., heard=heard)``, which updates the row on
a second run), collects and speaks; it never counts anything twice.

The session loop does not know these exercises: the runner picks one (``exercise_for``) and
hands it to ``Coach.run``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from voicecoach.coach.prompts import prompt
from voicecoach.errors import VoicecoachError
from voicecoach.session import COACH, OTHER, Coach, SkipStep, today


def _step(fn):
    """Run one step; "skip" moves on."""

    def run(coach: Coach, *args, **kwargs):
        try:
            return fn(coach, *args, **kwargs)
        except SkipStep:
            coach.say(prompt("command.skipped"))
            return None

    return run


# ---------------------------------------------------------------------------- solo practice
def practice(coach: Coach) -> None:
    from voicecoach.coach.scenarios import get_scenario, pick_scenario, scenario_from_statement

    opts = coach.options
    if opts.statement:
        scenario = scenario_from_statement(opts.statement, opts.relationship)
    elif opts.scenario_id:
        scenario = get_scenario(opts.scenario_id)
    else:
        scenario = pick_scenario(opts.seed)
    relationship = opts.relationship or scenario.relationship
    who = opts.with_name or replace(scenario, relationship=relationship).who
    coach.session_id = coach.store.start_session(
        mode=opts.mode,
        statement=scenario.statement,
        scenario_id=None if scenario.custom else scenario.id,
        feeling=scenario.feeling,
        relationship=relationship,
        with_name=opts.with_name,
        engine=coach.engine_name,
    )
    coach.say(prompt("welcome"))
    if scenario.custom:
        coach.say(prompt("welcome.own_words"))
        from voicecoach.coach.safety import concern

        if concern(scenario.statement):
            # their words as the user gives them ("You grabbed my arm and I'm scared of you now"): more than a
            # fight to repair, and no "our relationship matters" note to send them (exploratory testing, stop 43)
            coach.safety_line("statement")
    else:
        coach.say(prompt("welcome.scenario", title=scenario.title, who=who))
    coach.say(prompt("mindset"))
    coach.listener.calibrate()

    extra: list[tuple[str, object]] = []  # commitments said outside the commitment step, with their audio
    done: dict[str, bool] = {}  # what the closing summary may say was done (see _summary)
    _step(_root)(coach, extra)
    heard_reflection = _step(_reflection)(coach, scenario, who, done)
    _step(_own_part)(coach, extra, done)
    _step(_validate)(coach, scenario, done)
    commitments = _step(_commit)(coach, scenario, extra) or []
    _step(_needs)(coach)
    done["commitment"] = bool(commitments)
    _closing(coach, scenario, heard_reflection, commitments, done)


def _collect_extra(heard, extra: list, step: str) -> None:
    """Commitments said outside the commitment step; a resumed answer replaces what its first part gave."""
    from voicecoach.coach.commitments import extract_commitments

    extra[:] = [item for item in extra if item[2] != step]
    for sentence in extract_commitments(heard.text):
        extra.append((sentence, heard, step))


def _root(coach: Coach, extra: list) -> None:
    from voicecoach.coach.steps import coach_root

    def judge(heard) -> None:
        fb = coach_root(heard.text)
        coach.turn("root", heard.text, details=fb.to_dict(), heard=heard)
        _collect_extra(heard, extra, "root")
        if heard is not coach.safety_heard:  # ("…being right, or the relationship" after "he shoved me")
            # blame is named aloud, as it is stored ("She always overreacts" was thanked, while the turn
            # recorded "say it as the pattern between you": exploratory testing, stop 43)
            coach.say(fb.feedback if not fb.ok or "blame" in fb.flags else prompt("step.root_ack"))

    coach.respond(coach.ask(prompt("step.root"), prefetch=prompt("step.root_ack")), judge)


def _reflection(coach: Coach, scenario, who: str, done: dict[str, bool]) -> str | None:
    """Hear the other person, reflect them back until it lands; returns the landed reflection (or, when no
    attempt landed, the model reflection the coach gave). ``done`` gets "reflected" (an attempt of theirs
    landed) and "defended" (an attempt was judged defensive)."""
    from voicecoach.coach.scorer import score_reflection

    coach.say(prompt("step.listen", who=who))
    parts = [(prompt("step.hear", who=who), COACH), (scenario.statement, OTHER), (prompt("step.reflect"), COACH)]
    max_attempts = max(1, coach.settings.max_attempts)
    for attempt in range(1, max_attempts + 1):

        def judge(heard, attempt=attempt):
            result = score_reflection(scenario.statement, heard.text, scenario.feeling)
            coach.turn("reflection", heard.text, verdict=result.verdict, score=result.score, attempt=attempt,
                       details=result.to_dict(), heard=heard)
            if result.verdict == "defensive":
                done["defended"] = True
            if result.verdict == "accurate":
                coach.say(scenario.on_accurate, OTHER, who=who)
                coach.say(prompt("step.reflect_landed"))
                return result, heard.text
            reply = scenario.on_partial_feeling if (result.verdict == "partial" and result.feeling_coverage < 0.5
                                                   and result.content_coverage >= 0.5) else scenario.on_miss
            coach.say(reply, OTHER, who=who)
            coach.say(result.feedback)
            return result, heard.text

        for reply in {scenario.on_accurate, scenario.on_miss, scenario.on_partial_feeling}:
            coach.prefetch(reply, OTHER)  # whichever it is, it is ready the moment they finish
        # "say that again" at a retry gives their words again, not the coach's feedback (exploratory testing,
        # stop 43)
        their_words = [(prompt("step.hear", who=who), COACH), (scenario.statement, OTHER),
                       (prompt("step.reflect"), COACH)]
        result, said = coach.respond(coach.ask(parts, kind="reflection", again=their_words), judge)
        if result.verdict == "accurate":
            done["reflected"] = True
            return said
        if attempt < max_attempts:
            retry = "retry.last" if attempt == max_attempts - 1 else _retry_key(result)
            parts = [(prompt(retry), COACH)]
            if retry == "retry.missed":  # "listen once more": their words again (METHOD.md: listen again)
                parts.append((scenario.statement, OTHER))
    coach.say(prompt("step.model", reflection=scenario.model_reflection))
    coach.turn("reflection_model", scenario.model_reflection)
    coach.say(scenario.on_accurate, OTHER, who=who)
    return scenario.model_reflection


def _retry_key(result) -> str:
    from voicecoach.coach.scorer import DEFENDED_PARTIAL

    if result.verdict == "defensive" or result.feedback.startswith(DEFENDED_PARTIAL):
        return "retry.defensive"
    if result.verdict == "partial":
        if result.feeling_coverage < 0.5:
            # "You got what happened" only when it did (exploratory testing, stop 42)
            return "retry.partial_feeling" if result.content_coverage >= 0.5 else "retry.partial"
        return "retry.partial_content"
    return "retry.missed"


def _own_part(coach: Coach, extra: list, done: dict[str, bool]) -> None:
    from voicecoach.coach.steps import coach_ownership

    def judge(heard) -> None:
        fb = coach_ownership(heard.text)
        coach.turn("own_part", heard.text, details=fb.to_dict(), heard=heard)
        _collect_extra(heard, extra, "own_part")
        done["owned"] = fb.ok
        if {"but", "blame", "conditional_apology", "denial", "excuse", "sarcasm"} & set(fb.flags):
            done["defended"] = True
        coach.say(fb.feedback)

    coach.respond(coach.ask(prompt("step.own_part")), judge)


def _validate(coach: Coach, scenario, done: dict[str, bool]) -> None:
    from voicecoach.coach.steps import coach_validation

    key = "step.validate" if scenario.feeling else "step.validate_generic"

    def judge(heard) -> None:
        fb = coach_validation(heard.text, scenario.feeling)
        coach.turn("validate", heard.text, details=fb.to_dict(), heard=heard)
        done["validated"] = fb.ok
        if {"but", "minimising"} & set(fb.flags):
            done["defended"] = True
        coach.say(fb.feedback)

    coach.respond(coach.ask(prompt(key, feeling=scenario.feeling) if scenario.feeling else prompt(key)), judge)


def confirm_commitment(coach: Coach, heard, *, statement: str | None, person: str | None = None,
                       more: list | None = None) -> int | None:
    """Turn an answer into a commitment, read it back, ask "Shall I save that?".

    "No" asks to restate; three tries that end in "no" or in nothing usable move on, nothing saved.
    ``more`` gets (commitment, heard) for commitments said besides the one saved, to be offered after it
    (a second one in the same answer, or one added after the "yes", was dropped: exploratory testing, stop 42).
    """
    from voicecoach.coach.commitments import blames_them, clean_commitment, other_commitments, vague

    pushed: list[bool] = []

    def judge(heard) -> tuple[str | None, int | None]:
        text = clean_commitment(heard.text)
        if text is None:
            coach.turn("commitment", heard.text, speaker=person, details={"clean": None}, heard=heard)
            return None, None
        if vague(text) and not pushed:
            # "I will try.", "I will be better.": asked once for one specific thing (METHOD.md section 5: say
            # what you will do differently, specifically; they were saved as said: exploratory testing, stop
            # 43); said again, it is read back
            pushed.append(True)
            coach.turn("commitment", heard.text, speaker=person, details={"clean": text, "vague": True},
                       heard=heard)
            return None, None
        if blames_them(text):
            # kept out of the note they will be sent ("Going forward, …, but you need to stop nagging")
            coach.turn("commitment", heard.text, speaker=person, details={"clean": text, "blames": True},
                       heard=heard)
            coach.say(prompt("commit.only_yours"))
            return "", None
        # stored before the question: a "stop" (or the end of the input) at "Shall I save that?" must not
        # lose what was said (exploratory testing, stop 41); the answer is added to the turn after
        tid = coach.turn("commitment", text, speaker=person, details={"said": heard.text, "confirmed": None},
                         heard=heard)
        answer, reply = coach.ask_yes_no(prompt("commit.readback", commitment=text))
        if tid is not None:
            coach.store.update_turn(tid, details={"said": heard.text, "confirmed": answer, "answer": reply.text})
        if answer == "no" and other_commitments(reply.text):
            # "No, I will set two reminders instead": the corrected commitment is the next answer (it was
            # thrown away and the user asked to say it again: exploratory testing, stop 43)
            corrected.append(reply)
            return text, None
        if more is not None and answer == "yes":
            # (only after a yes: a "no" to the whole answer is not then offered again in parts, exploratory
            # testing, stop 43)
            more.extend((c, heard) for c in other_commitments(heard.text, text))
            more.extend((c, reply) for c in other_commitments(reply.text))
        if answer == "yes":
            cid = coach.save_commitment(text, heard, statement=statement, person=person)
            coach.say(prompt("commit.saved"))
            return text, cid
        return text, None

    corrected: list = []
    tries = 0
    while True:
        text, cid = coach.respond(heard, judge)
        if cid is not None:
            return cid
        tries += 1
        if tries >= 3:
            break
        if corrected:
            heard = corrected.pop()
            continue
        heard = coach.ask(prompt("commit.unclear" if text is None else "commit.restate"), kind="commitment")
    coach.say(prompt("commit.not_saved"))
    coach._event("commitment", "not_saved")
    return None


def _commit(coach: Coach, scenario, extra: list) -> list[str]:
    heard = coach.ask(prompt("step.commit"), kind="commitment")
    saved: list[str] = []
    more: list = []
    cid = confirm_commitment(coach, heard, statement=scenario.statement, more=more)
    if cid is not None:
        saved.append(coach.store.get_commitment(cid)["text"])
    extra.extend((sentence, source, "commit") for sentence, source in more
                 if sentence not in saved and sentence not in [e[0] for e in extra])
    _offer_others(coach, extra, saved, statement=scenario.statement)
    return saved


def _offer_others(coach: Coach, extra: list, saved: list[str], *, statement: str | None,
                  person: str | None = None) -> None:
    """Read back, and save on a yes, each commitment said besides the one saved (a second one in the same
    answer, one added after the "yes", one said at an earlier step); ``saved`` grows."""
    for sentence, source, _ in extra:
        if sentence in saved:
            continue
        answer, _ = coach.ask_yes_no(prompt("commit.readback", commitment=sentence))
        coach.turn("commitment", sentence, speaker=person,
                   details={"said": source.text, "confirmed": answer, "noticed": True})
        if answer == "yes":
            coach.save_commitment(sentence, source, statement=statement, person=person)
            coach.say(prompt("commit.saved"))
            saved.append(sentence)


def _needs(coach: Coach) -> None:
    from voicecoach.coach.safety import concern
    from voicecoach.coach.steps import coach_needs

    def judge(heard) -> None:
        fb = coach_needs(heard.text)
        coach.turn("needs", heard.text, details=fb.to_dict(), heard=heard)
        # a need that tells of harm ("I need him to stop grabbing me") is never coached into "a request, not a
        # rule", also when the help line was said earlier in the session (exploratory testing, stop 43)
        if heard is not coach.safety_heard and not concern(heard.text):
            coach.say(fb.feedback)

    coach.respond(coach.ask(prompt("step.safety")), judge)


# the steps the closing summary names, in the order of the exercise: (what ``done`` holds, said when done,
# said when it is still to practise)
_SUMMARY_STEPS = (
    ("defended", "heard them without defending", "hearing them out without defending"),
    ("reflected", "reflected it back", "reflecting it back in your own words"),
    ("owned", "owned your part", "owning your part"),
    ("validated", "validated the feeling", "validating their feeling"),
    ("commitment", "looked ahead", "one specific thing you'll do differently"),
)


def _spoken_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _summary(done: dict[str, bool]) -> str:
    """The closing summary: what the person did, and what is still to practise. It names only what
    happened ("You heard them without defending…" after a defence and two skipped steps told them that
    defending was fine: exploratory testing, stop 42)."""
    did, left = [], []
    for key, said, todo in _SUMMARY_STEPS:
        if key == "defended":
            if not done.get("reflected") and not done.get("defended"):
                continue  # nothing heard back and nothing defensive: the reflection's own line says it
            ok = done.get("reflected", False) and not done.get("defended", False)
        else:
            ok = done.get(key, False)
        (did if ok else left).append(said if ok else todo)
    if not left:
        return prompt("closing.summary")
    if not did:
        return prompt("closing.summary_none", left=_spoken_list(left))
    return prompt("closing.summary_some", did=_spoken_list(did), left=_spoken_list(left))


def _closing(
    coach: Coach, scenario, heard_reflection: str | None, commitments: list[str], done: dict[str, bool]
) -> None:
    from voicecoach.coach.note import commitments_line, draft_note

    lines = [_summary(done)]
    if heard_reflection and not done.get("reflected"):
        # the coach's own model, not theirs ("Your reflection was:" quoted the coach: exploratory testing)
        lines.append(prompt("closing.model", reflection=heard_reflection))
    elif heard_reflection:
        lines.append(prompt("closing.heard", reflection=heard_reflection))
    lines.append(commitments_line(commitments))
    if coach.safety:
        # after "he shoved me", no "tell them the relationship matters, be patient", and no note to send
        # them (exploratory testing, stop 42)
        lines.append(prompt("safety.closing"))
        note = None
    else:
        lines.append(prompt("closing.relationship"))
        note = draft_note(with_name=coach.options.with_name, heard=heard_reflection or scenario.model_reflection,
                          commitments=commitments, feeling=scenario.feeling)
    coach.note = note
    coach.summary = " ".join(lines)
    if note:
        coach.store.set_session_note(coach.session_id, note)  # saved before it is spoken
    for line in lines:
        coach.say(line)
    if note:
        coach.say(prompt("closing.note", note=note))
    recurring = _recurring_line(coach, scenario)
    if recurring:
        coach._event("recurring", "theme", recurring)
        coach.say(recurring)
    if coach.safety:  # (no "follow through", no "don't dwell on the fight" after "he shoved me")
        coach.say(prompt("safety.goodbye"))
        return
    coach.say(prompt("closing.follow_through"))
    coach.say(prompt("closing.goodbye"))


def _recurring_line(coach: Coach, scenario) -> str | None:
    from datetime import datetime

    from voicecoach.coach.recurring import find_recurring, recurring_message

    if not scenario.custom:
        return None  # a built-in scenario practised again is not the same fight coming back
    statement = scenario.statement
    past = [(at, text) for at, text in coach.store.recent_statements(days=60)]
    # the current session is in the store already; compare against the earlier ones
    past = past[:-1] if past and past[-1][1] == statement else past
    theme = find_recurring(past, statement, datetime.now().astimezone())
    return recurring_message(theme) if theme else None


# ---------------------------------------------------------------------------- partner mode
def _partner_statement(coach: Coach, speaker: str, listener: str, reflect: str) -> str | None:
    """The speaker's words; noise or nothing is asked for again (three tries), never taken as the statement
    (an empty statement moved the session on, and the speaker's next words were stored as the listener's
    reflection: exploratory testing, stop 42). None when nothing came."""

    def judge_statement(heard) -> str:
        coach.turn("partner_statement", heard.text, speaker=speaker, heard=heard)
        coach.say(reflect)  # the reply is the next question
        return heard.text

    from voicecoach.coach.yesno import only_an_answer

    ask = prompt("partner.speak", speaker=speaker, listener=listener)
    for _ in range(3):
        heard = coach.ask(ask, kind="answer")
        if heard.text.strip() and not only_an_answer(heard.text):
            return coach.respond(heard, judge_statement)
        if heard.text.strip():
            # "okay", "yes" after "Now swap": an answer to the swap, not what is on their mind (it was stored
            # as the statement and reflected: exploratory testing, stop 43)
            coach._event("partner_statement", "not_a_statement", heard.text)
            ask = prompt("partner.speak_what", speaker=speaker)
        else:
            ask = prompt("partner.speak_again", speaker=speaker)
    return None


def _partner_round(coach: Coach, speaker: str, listener: str) -> None:
    """One partner speaks, the other reflects until the speaker says it landed, validates, commits."""
    from voicecoach.coach.steps import coach_validation

    reflect = prompt("partner.reflect", speaker=speaker, listener=listener)
    check_prompt = prompt("partner.check", speaker=speaker, listener=listener)
    statement = _partner_statement(coach, speaker, listener, reflect)
    if statement is None:
        coach.say(prompt("partner.no_statement", speaker=speaker))
        return
    try:
        _partner_reflection(coach, speaker, listener, statement, reflect, check_prompt)
    except SkipStep:
        coach.say(prompt("command.skipped"))

    def judge_validation(heard) -> None:
        fb = coach_validation(heard.text, None)
        coach.turn("validate", heard.text, speaker=listener, details=fb.to_dict(), heard=heard)
        coach.say(fb.feedback)

    try:
        coach.respond(coach.ask(prompt("partner.validate", name=listener, other=speaker)), judge_validation)
    except SkipStep:
        coach.say(prompt("command.skipped"))
    first = coach.ask(prompt("partner.commit", name=listener), kind="commitment")
    more: list = []
    cid = confirm_commitment(coach, first, statement=statement, person=listener, more=more)
    saved = [coach.store.get_commitment(cid)["text"]] if cid is not None else []
    _offer_others(coach, [(c, source, "commit") for c, source in more], saved, statement=statement, person=listener)


def _partner_reflection(coach: Coach, speaker: str, listener: str, statement: str, reflect: str,
                        check_prompt: str) -> None:
    from voicecoach.coach.scorer import score_reflection
    from voicecoach.coach.yesno import got_it, neither_yes_nor_no, only_an_answer, parse_answer

    tries = max(1, coach.settings.max_attempts)
    target = statement
    # "say that again" gives the speaker's words back too, as the solo exercise gives the other person's
    # (only the prompt was repeated: exploratory testing, stop 42)
    parts = [(prompt("partner.said", speaker=speaker, statement=statement), COACH), (reflect, COACH)]
    for attempt in range(1, tries + 1):
        again = attempt < tries

        def judge_reflection(heard, attempt=attempt, target=target, again=again) -> str:
            result = score_reflection(target, heard.text)
            coach.turn("reflection", heard.text, verdict=result.verdict, score=result.score, attempt=attempt,
                       speaker=listener, details=result.to_dict(), heard=heard)
            if result.verdict in {"defensive", "missed"}:
                # a defence, or a reply that gives back nothing of theirs ("I'm not doing this", "no"), is
                # coached and tried again before the speaker is asked; on the last try it is not put to the
                # speaker at all (the coach said "Try again", then asked the speaker whether the defence "got
                # it": exploratory testing, stop 43)
                if again:
                    coach.say(result.feedback)
                    coach.say(reflect)
                else:
                    coach.say(_first_sentence(result.feedback))
                    coach.say(prompt("partner.not_landed", speaker=speaker, listener=listener))
                return result.verdict
            coach.say(check_prompt)
            return result.verdict

        verdict = coach.respond(coach.ask(parts, kind="reflection", prompted=True), judge_reflection)
        if verdict in {"defensive", "missed"}:
            if again:
                continue
            break

        def judge_check(heard, again=again) -> str | None:
            answer = "yes" if got_it(heard.text) else parse_answer(heard.text)
            coach.turn("partner_check", heard.text, speaker=speaker, details={"answer": answer}, heard=heard)
            if answer == "yes":
                coach.say(prompt("partner.heard", speaker=speaker, listener=listener))
            elif not again:
                # no try is left: no "reflect once more" that never comes (exploratory testing, stop 42)
                coach.say(prompt("partner.not_landed", speaker=speaker, listener=listener))
            elif answer == "no" and only_an_answer(heard.text):
                coach.say(prompt("partner.what_missed", speaker=speaker))  # asked, then heard below
            else:
                coach.say(prompt("partner.again", speaker=speaker, listener=listener))
                coach.say(reflect)  # the next attempt's question
            return answer

        check = coach.ask(check_prompt, kind="answer", prompted=True)
        if neither_yes_nor_no(check.text):
            # "I don't know", "whatever", "close enough": nothing named as missed, no yes or no. Asked once
            # more, rather than telling the listener to hear "what was missed" (exploratory testing, stop 43)
            coach.turn("partner_check", check.text, speaker=speaker, heard=check)
            check = coach.ask(prompt("partner.check_again", speaker=speaker, listener=listener), kind="answer")
        answer = coach.respond(check, judge_check)
        if answer == "yes" or not again:
            break
        if answer == "no" and only_an_answer(check.text):
            # a bare "no": the speaker says what was missed, and the listener reflects that part next

            def judge_missed(heard) -> str:
                coach.turn("partner_check", heard.text, speaker=speaker, heard=heard)
                coach.say(prompt("partner.again", speaker=speaker, listener=listener))
                coach.say(reflect)
                return heard.text

            missed = coach.respond(coach.ask(prompt("partner.what_missed", speaker=speaker), kind="answer",
                                             prompted=True), judge_missed)
            target = missed if missed.strip() else statement
        else:
            target = check.text  # what was missed, said with the "no"
        if target != statement:
            # "say that again" now gives what was missed as well (only the first words were repeated:
            # exploratory testing, stop 43)
            parts = [(prompt("partner.said", speaker=speaker, statement=statement), COACH),
                     (prompt("partner.said_missed", speaker=speaker, missed=target), COACH), (reflect, COACH)]


def _first_sentence(text: str) -> str:
    """ "That turned into a defence with 'X'." of "That turned into a defence with 'X'. Try again with …"."""
    m = re.match(r"(.+?[.!?])(?:\s|$)", text.strip())
    return m.group(1) if m else text


def partner(coach: Coach) -> None:
    """Two people, one device: A speaks, B reflects, A confirms; validation; then swap."""
    a, b = coach.options.names
    coach.session_id = coach.store.start_session(mode="partner", relationship=coach.options.relationship,
                                                 with_name=f"{a} & {b}", engine=coach.engine_name)
    coach.say(prompt("partner.welcome", a=a, b=b))
    coach.say(prompt("mindset"))
    coach.listener.calibrate()
    for speaker, listener in ((a, b), (b, a)):
        # "skip" moves on, as in the solo exercise: past the reflection to the validation, past the
        # validation to the commitment, past a statement to the next round (it raised SkipStep out of the
        # session, a traceback: exploratory testing, stop 42)
        try:
            _partner_round(coach, speaker, listener)
        except SkipStep:
            coach.say(prompt("command.skipped"))
        if speaker == a:
            if coach.safety:
                # after a disclosure of harm the one who spoke is not turned into the listener and asked to
                # validate and commit to the other (exploratory testing, stop 43): the session ends here
                break
            coach.say(prompt("partner.swap", speaker=b, listener=a))
    coach.say(prompt("safety.closing") if coach.safety else prompt("partner.closing", a=a, b=b))


# ---------------------------------------------------------------------------- check-in
def checkin(coach: Coach) -> None:
    """For each open commitment that is due: did you follow through? yes marks it done."""
    from datetime import datetime

    from voicecoach.coach.prompts import spoken_ago
    from voicecoach.coach.yesno import only_an_answer, parse_answer

    due = coach.store.due_commitments(today())
    # one answered "partly" or "no" today is not asked again today (each later check-in that day asked the
    # same question at once: exploratory testing, stop 43); it stays due, and is asked on another day
    day = today().isoformat()
    asked = [c for c in due if any(n["kind"] == "checkin" and (n["at"] or "")[:10] == day for n in c["notes"])]
    due = [c for c in due if c not in asked]
    if not due:
        # nothing to ask: no session is recorded (each such run left an empty "checkin completed:" in history:
        # exploratory testing, stop 43)
        made = coach.store.list_commitments(include_all=True)
        coach.say(prompt("checkin.asked_today" if asked else "checkin.none_due" if made else "checkin.none_made"))
        coach.say(coach.progress_summary())
        return
    coach.session_id = coach.store.start_session(mode="checkin", engine=coach.engine_name)
    coach.say(prompt("checkin.intro"))
    now = datetime.now().astimezone()
    for item in due:
        when = spoken_ago(datetime.fromisoformat(item["created_at"]), now)
        if not _still_open(coach, item):
            continue
        try:
            answer, heard = coach.ask_yes_no(_checkin_question(item, when), allow_partly=True,
                                             keep_unclear=("checkin", {"commitment": item["id"]}))
        except SkipStep:
            coach.say(prompt("command.skipped"))
            continue
        if not _still_open(coach, item):
            # forgotten, dropped or marked done from another terminal while the question was asked: the
            # answer is not written over it (the check-in died with "no commitment with id 1", or a drop was
            # overwritten by "done": exploratory testing, stop 43)
            continue

        def judge(heard, item=item, answer=answer):
            if heard.resumed:  # the whole answer, again
                answer = parse_answer(heard.text)
                answer = answer if answer in ("yes", "no", "partly") else None
            coach.turn("checkin", heard.text, details={"commitment": item["id"], "answer": answer}, heard=heard)
            if answer is not None:
                coach.say(prompt(f"checkin.{answer}"))
            return answer

        answer = coach.respond(heard, judge)
        if answer is None:
            continue
        if answer == "yes":
            coach.store.set_status(item["id"], "done", result="yes")
        else:
            coach.store.add_note(item["id"], "", kind="checkin", result=answer)
        if not only_an_answer(heard.text) and len(heard.text.split()) >= 3:
            # "No, work blew up and I forgot to call her": the reason is the note; not asked for again (it was
            # kept only as a loose turn, then "Would you like to add a note?": exploratory testing, stop 43)
            # the reason without the answer word before it ("partly, I asked once…" kept "partly": stop 43)
            reason = re.sub(r"^\s*(?:yes|yeah|no|nope|partly|mostly|kind of|sort of|not really|not quite)\b[\s,.!:;-]*",
                            "", heard.text, flags=re.IGNORECASE)
            coach.store.add_note(item["id"], reason if reason.strip() else heard.text, kind="note")
            coach.say(prompt("checkin.note_saved"))
            continue
        if answer == "yes":
            continue
        try:
            # "no" or "yes" alone answers the question; anything more is the note itself, whatever it opens
            # with ("No, I just forgot…", "yes I want to say…"), and after a bare "yes" whatever comes next is
            # the note ("I forgot" was dropped as a "no": exploratory testing, stop 42)
            reply = coach.ask(prompt("checkin.add_note"), kind="yesno")
            if not reply.text.strip() or (only_an_answer(reply.text) and parse_answer(reply.text) != "yes"):
                continue
            if only_an_answer(reply.text):  # "yes": now listen for the note itself
                reply = coach.ask(prompt("checkin.note_listen"), kind="answer")
                if not reply.text.strip() or (only_an_answer(reply.text) and parse_answer(reply.text) == "no"):
                    continue
            if reply.text.strip():

                note_ids: list[int] = []

                def judge_note(heard, item=item, note_ids=note_ids) -> None:
                    if note_ids:  # resumed: the whole answer replaces its first part
                        coach.store.update_note(note_ids[0], heard.text)
                    else:
                        note_ids.append(coach.store.add_note(item["id"], heard.text, kind="note"))
                    coach.turn("checkin_note", heard.text, details={"commitment": item["id"]}, heard=heard)
                    coach.say(prompt("checkin.note_saved"))

                coach.respond(reply, judge_note)
        except SkipStep:
            continue
    coach.say(coach.progress_summary())


def _checkin_question(item: dict, when: str) -> str:
    """ "Last week you said to Maya: …", "Alex, last week you said: …": whose commitment, and to whom, when
    the session knew (the same words said to two people, or by two partners, were asked alike: exploratory
    testing, stop 43)."""
    if item.get("person"):
        lower = when[:1].lower() + when[1:]
        return prompt("checkin.ask_person", person=item["person"], when=lower, commitment=item["text"])
    if item.get("with_name"):
        return prompt("checkin.ask_with", when=when, name=item["with_name"], commitment=item["text"])
    return prompt("checkin.ask", when=when, commitment=item["text"])


def _still_open(coach: Coach, item: dict) -> bool:
    try:
        return coach.store.get_commitment(item["id"])["status"] == "open"
    except VoicecoachError:
        return False


EXERCISES = {"practice": practice, "walk": practice, "partner": partner, "checkin": checkin}
"""The exercise each session mode runs."""


def exercise_for(mode: str):
    """The exercise (a function of a running Coach) for a session mode."""
    try:
        return EXERCISES[mode]
    except KeyError:
        raise ValueError(f"no exercise for mode {mode!r}") from None
